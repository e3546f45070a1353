// File: codecs/iso20022/internal/xerces_support.h
//
// Xerces-C state behind SchemaSet and the per-thread parsers. Internal.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/util/XercesDefs.hpp>

#include "codecs/iso20022/internal/compiled_schema.h"
#include "codecs/iso20022/schema_set.h"

namespace gw::codecs {

struct SchemaSet::Impl {
  std::filesystem::path dir;
  std::vector<std::string> loaded;  // ids
  std::unique_ptr<xercesc::XMLGrammarPool> pool;  // locked once loaded
  size_t patterns_prepared = 0;                    // see PrepareGrammarsForSharing
  // The compiled validator's schemas by target namespace, and the namespaces
  // (with the reasons, by id) it leaves to Xerces-C.
  std::map<std::string, std::shared_ptr<const internal::CompiledSchema>, std::less<>> compiled;
  std::set<std::string, std::less<>> reference_namespaces;
  std::vector<std::string> reference_only;
  ~Impl();
};

namespace internal {

// Initialises Xerces once per process (never terminated: per-thread parsers may
// outlive main).
void EnsureXercesInitialized();

// UTF-16 (Xerces) to UTF-8, appended.
void AppendUtf8(std::string& out, const XMLCh* s, size_t len);
std::string ToUtf8(const XMLCh* s);
// Compares a NUL-terminated Xerces string with ASCII text.
bool EqualsAscii(const XMLCh* s, std::string_view ascii);

// Xerces builds some parts of a compiled schema on first use, without a lock:
// each pattern facet's character-class tables the first time the pattern is
// matched, and each complex type's content model the first time an element of
// that type is checked. Two threads validating against one shared grammar pool
// can both build the same part (a data race that Xerces catches with an
// assertion, or a content model built twice and one copy lost). This builds
// every such part of every grammar in `pool` up front, single-threaded, so that
// validation afterwards only reads the grammars. Returns how many patterns it
// prepared.
size_t PrepareGrammarsForSharing(xercesc::XMLGrammarPool& pool);

}  // namespace internal
}  // namespace gw::codecs
