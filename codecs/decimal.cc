// File: codecs/decimal.cc
#include "codecs/decimal.h"

#include <cstdlib>
#include <limits>

namespace gw::codecs {
namespace {

constexpr int64_t kPow10[19] = {1,
                                10,
                                100,
                                1000,
                                10000,
                                100000,
                                1000000,
                                10000000,
                                100000000,
                                1000000000,
                                10000000000,
                                100000000000,
                                1000000000000,
                                10000000000000,
                                100000000000000,
                                1000000000000000,
                                10000000000000000,
                                100000000000000000,
                                1000000000000000000};

// a * 10^k as __int128 (k <= 36 fits: |a| < 2^63 * 10^18 < 2^127).
__int128 Scale(int64_t a, int k) {
  __int128 v = a;
  while (k > 0) {
    int step = k > 18 ? 18 : k;
    v *= kPow10[step];
    k -= step;
  }
  return v;
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  size_t i = 0;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    ++i;
  }
  unsigned __int128 mantissa = 0;
  int scale = 0;
  int digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
    if (mantissa > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    if (seen_point) ++scale;
  }
  if (digits == 0 || scale > kMaxScale) return std::nullopt;
  auto m = static_cast<int64_t>(mantissa);
  return Decimal(negative ? -m : m, scale);
}

int Decimal::SignificantFractionDigits() const {
  int64_t m = mantissa_;
  int s = scale_;
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  return s;
}

int Decimal::TotalDigits() const {
  // Digits of the mantissa without trailing fraction zeros, at least 1.
  int64_t m = mantissa_;
  int s = scale_;
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  uint64_t u = m < 0 ? static_cast<uint64_t>(-(m + 1)) + 1 : static_cast<uint64_t>(m);
  int n = 0;
  do {
    ++n;
    u /= 10;
  } while (u != 0);
  return n;
}

std::optional<int64_t> Decimal::ToMinorUnits(int minor_unit) const {
  if (minor_unit < 0 || minor_unit > kMaxScale) return std::nullopt;
  if (SignificantFractionDigits() > minor_unit) return std::nullopt;
  __int128 v;
  if (scale_ <= minor_unit) {
    v = Scale(mantissa_, minor_unit - scale_);
  } else {
    v = mantissa_ / kPow10[scale_ - minor_unit];
  }
  if (v > std::numeric_limits<int64_t>::max() || v < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(v);
}

std::optional<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  __int128 sum = Scale(a.mantissa_, scale - a.scale_) + Scale(b.mantissa_, scale - b.scale_);
  if (sum > std::numeric_limits<int64_t>::max() || sum < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return Decimal(static_cast<int64_t>(sum), scale);
}

std::strong_ordering Decimal::Compare(const Decimal& a, const Decimal& b) {
  int scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  __int128 x = Scale(a.mantissa_, scale - a.scale_);
  __int128 y = Scale(b.mantissa_, scale - b.scale_);
  if (x < y) return std::strong_ordering::less;
  if (x > y) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

void Decimal::AppendTo(std::string& out) const {
  char buf[48];
  char* end = buf + sizeof(buf);
  char* p = end;
  bool negative = mantissa_ < 0;
  uint64_t u = negative ? static_cast<uint64_t>(-(mantissa_ + 1)) + 1 : static_cast<uint64_t>(mantissa_);
  int written = 0;
  do {
    if (scale_ > 0 && written == scale_) *--p = '.';
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
    ++written;
  } while (u != 0 || written <= scale_);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

std::string Decimal::ToString() const {
  std::string s;
  AppendTo(s);
  return s;
}

}  // namespace gw::codecs
