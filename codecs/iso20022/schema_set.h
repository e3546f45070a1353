// File: codecs/iso20022/schema_set.h
//
// The XML schemas messages are validated against, compiled once at start-up into
// a locked grammar pool. Validation uses only these grammars: a schemaLocation in
// a document is ignored and nothing a document names is ever fetched.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace gw::codecs {
namespace internal {
class CompiledSchema;
}

// Thread-safe: immutable after Load; any number of threads may Decode with the same
// SchemaSet concurrently (each thread keeps its own parser bound to the shared pool).
class SchemaSet {
 public:
  // Compiles, for every registered message and header type, the file named by the
  // registry (e.g. "pacs.008.001.08.xsd") found in `dir`. Files that are absent are
  // skipped (that message type is then refused by Decode, naming the missing file).
  // Errors: kNotFound if `dir` is not a directory or holds none of the files;
  // kInvalidArgument if a present file is not a valid schema (message names file,
  // line and column). `dir` may hold official or usage-guideline (CBPR+, HVPS+)
  // schemas, as long as the file names are those of the registry.
  static StatusOr<std::shared_ptr<const SchemaSet>> Load(const std::filesystem::path& dir);

  ~SchemaSet();
  SchemaSet(const SchemaSet&) = delete;
  SchemaSet& operator=(const SchemaSet&) = delete;

  const std::filesystem::path& dir() const;
  // Message and header ids whose schema was loaded ("head.001.001.02", "pacs.008.001.08"...).
  const std::vector<std::string>& loaded() const;
  bool Has(std::string_view id) const;

  // Schemas are compiled for the validator decodes use (internal/compiled_schema.h);
  // one that uses a construct it does not implement is validated by Xerces-C
  // instead. The schemas left to Xerces-C, each as "<id>: <the construct>".
  const std::vector<std::string>& reference_only() const;
  // The compiled schema of target namespace `ns`, or nullptr.
  const internal::CompiledSchema* compiled(std::string_view ns) const;
  // Whether `ns` is the namespace of a loaded schema left to Xerces-C.
  bool reference_only(std::string_view ns) const;

  struct Impl;  // Xerces state (codecs/iso20022/internal/xerces_support.h)
  const std::shared_ptr<Impl>& impl() const { return impl_; }

 private:
  explicit SchemaSet(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace gw::codecs
