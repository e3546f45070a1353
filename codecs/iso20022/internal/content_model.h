// File: codecs/iso20022/internal/content_model.h
//
// The element structure of the loaded schemas: for each complex type, its child
// elements in schema order and whether they repeat; whether it has simple content
// with attributes, or a wildcard (xs:any). SchemaSet::Load registers the models of
// every file it compiles, keyed by target namespace (the first file of a namespace
// wins; a usage-guideline schema has the same structure as ISO's). The binding uses
// them to map elements the models do not bind (xml_node.h) to and from JSON: a JSON
// object has no order, the schema gives it back.
// Internal to codecs/.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace gw::codecs::internal {

struct ContentElement {
  std::string name;
  std::string type;  // local name of its type in the same namespace (or of a built-in)
  bool repeated = false;
};

struct ContentType {
  enum class Kind { kSimple, kSimpleContent, kElements, kWildcard };
  Kind kind = Kind::kSimple;
  std::vector<ContentElement> elements;  // kElements (also kWildcard: those beside the any)
  std::vector<std::string> attributes;   // kSimpleContent
  // Index of the child element `name` in schema order, or -1.
  int IndexOf(std::string_view name) const;
};

struct NamespaceModel {
  std::string ns;
  std::unordered_map<std::string, ContentType> types;   // complex types by name
  std::unordered_map<std::string, std::string> globals;  // global element -> type
  // The type named `name` (a simple type when it is not a complex type of the file).
  const ContentType* Type(std::string_view name) const;
  // The type of child `tag` of an element of type `parent`, or nullptr.
  const ContentType* Child(const ContentType* parent, std::string_view tag) const;
  const ContentType* Global(std::string_view element) const;
  // Whether child `tag` of `parent` may occur more than once.
  static bool Repeated(const ContentType* parent, std::string_view tag);
};

// Reads the schema at `xsd` and registers its models under its target namespace,
// unless that namespace is registered already.
Status RegisterContentModels(const std::filesystem::path& xsd);

// The models registered for namespace `ns`, or nullptr (no schema of it loaded).
// The pointer stays valid for the life of the process.
const NamespaceModel* ContentModelsOf(std::string_view ns);

// The type of the element reached from global element `root` through `tags`
// (e.g. "Document", {"FIToFICstmrCdtTrf", "CdtTrfTxInf"}), or nullptr.
const ContentType* ResolveType(const NamespaceModel& model, std::string_view root,
                               const std::vector<std::string_view>& tags);

}  // namespace gw::codecs::internal
