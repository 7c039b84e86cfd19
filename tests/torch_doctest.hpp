#pragma once

// LibTorch brings glog, whose CHECK macros would replace doctest's (a failed CHECK then aborts
// the whole binary instead of failing one test). A test that uses tensors includes this instead
// of doctest.h, and includes it after the torch headers it needs.

#include <ATen/ATen.h>

#undef CHECK
#undef CHECK_EQ
#undef CHECK_NE
#undef CHECK_LE
#undef CHECK_LT
#undef CHECK_GE
#undef CHECK_GT

#include <doctest/doctest.h>
