// File: codecs/iso20022/internal/compiled_schema.h
//
// An ISO 20022 message schema compiled into tables that a decode walks while it
// scans (xml_scanner.h), instead of Xerces-C's validating parser: named complex
// types holding one flat sequence or choice of elements (with their occurrences)
// or a wildcard, or simple content with attributes; named simple types as one base
// type with their facets merged along the derivation (length, minLength, maxLength,
// pattern, enumeration, totalDigits, fractionDigits, min/max inclusive/exclusive).
// That is the whole of what ISO 20022's schema generator, and the usage-guideline
// schemas derived from it, use.
//
// A schema that uses anything else (nested groups, complexContent, imports,
// inline types, Unicode-category escapes in patterns, facets on dates, ...) is not
// compiled: Compile says what it met, and its messages are validated by Xerces-C,
// which remains the reference the tests compare this validator against
// (tests/codecs/compiled_validation_test.cc). Elements of a type this validator
// does not check itself (base64Binary) make the decode of that message use
// Xerces-C too.
// Internal to codecs/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codecs/iso20022/internal/xsd_pattern.h"
#include "core/status.h"

namespace gw::codecs::internal {

struct SimpleRule {
  enum class Base : uint8_t {
    kString,
    kDecimal,
    kBoolean,
    kDate,
    kDateTime,
    kTime,
    kGYear,
    kGYearMonth,
    kBase64
  };
  std::string name;
  Base base = Base::kString;
  // Each derivation step's patterns (one of a step's must match; every step's must).
  std::vector<std::vector<XsdPattern>> patterns;
  std::vector<std::string> enumeration;  // the most derived step's
  std::optional<uint64_t> length, min_length, max_length;
  std::optional<int> total_digits, fraction_digits;
  std::optional<std::string> min_inclusive, max_inclusive, min_exclusive,
      max_exclusive;  // decimals
};

struct Particle {
  std::string name;   // empty for a wildcard
  uint32_t type = 0;  // TypeRef (below) of the element
  uint32_t min = 1;
  uint32_t max = 1;  // kUnbounded for "unbounded"
  bool wildcard = false;
  bool other_only = false;  // namespace="##other"
  bool lax = true;          // processContents lax (else skip)
};

struct AttributeRule {
  std::string name;
  uint32_t simple = 0;  // index into simple types
  bool required = false;
};

struct ComplexRule {
  enum class Kind : uint8_t { kSequence, kChoice, kSimpleContent, kEmpty };
  std::string name;
  Kind kind = Kind::kEmpty;
  std::vector<Particle> particles;        // kSequence, kChoice
  uint32_t simple = 0;                    // kSimpleContent: the value's type
  std::vector<AttributeRule> attributes;  // kSimpleContent
  std::string model;                      // "(A, B?, C*)" for messages
};

inline constexpr uint32_t kUnbounded = 0xFFFFFFFFu;

// A type: complex (index into complex types) or simple (index into simple types).
inline constexpr uint32_t kSimpleBit = 0x80000000u;
inline bool IsSimple(uint32_t type) { return (type & kSimpleBit) != 0; }
inline uint32_t TypeIndex(uint32_t type) { return type & ~kSimpleBit; }

class CompiledSchema {
 public:
  // Reads and compiles the schema file. kFailedPrecondition when it uses a
  // construct this validator does not implement (the message names it and where).
  static StatusOr<std::shared_ptr<const CompiledSchema>> Compile(const std::filesystem::path& xsd);

  const std::string& target_namespace() const { return ns_; }
  // The type of global element `name`, or nullopt.
  std::optional<uint32_t> Global(std::string_view name) const;
  const ComplexRule& complex(uint32_t type) const { return complex_[TypeIndex(type)]; }
  const SimpleRule& simple(uint32_t type) const { return simple_[TypeIndex(type)]; }
  const SimpleRule& simple_at(uint32_t index) const { return simple_[index]; }

 private:
  friend class SchemaCompiler;
  std::string ns_;
  std::unordered_map<std::string, uint32_t> globals_;
  std::vector<ComplexRule> complex_;
  std::vector<SimpleRule> simple_;
};

// Checks a simple value: empty when `value` (as read, before white-space
// processing) is valid for `rule`, else why not, for people.
std::string CheckSimpleValue(const SimpleRule& rule, std::string_view value);

// Where a complex element's content stands while its children are read.
struct ContentCursor {
  uint32_t particle = 0;  // sequence: the particle being filled; choice: the branch taken
  uint32_t count = 0;     // occurrences of that particle so far
  bool chosen = false;    // choice: a branch was taken
};

// A child element of an element of complex type `type` turned up. On success
// returns nullopt and sets `child` to the matching particle; on a content error
// returns a message (the cursor is unchanged).
std::optional<std::string> AdvanceContent(const CompiledSchema& schema, const ComplexRule& type,
                                          ContentCursor& cursor, std::string_view ns,
                                          std::string_view local, const Particle*& child);

// The element ends: empty when its content is complete, else what is missing.
std::string FinishContent(const ComplexRule& type, const ContentCursor& cursor);

}  // namespace gw::codecs::internal
