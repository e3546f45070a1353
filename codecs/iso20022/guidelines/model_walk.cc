// File: codecs/iso20022/guidelines/model_walk.cc
#include "codecs/iso20022/guidelines/model_walk.h"

namespace gw::codecs::internal {
namespace {

void WalkNode(const XmlNode& node, std::string& path, const WalkVisitor& v) {
  size_t len = path.size();
  path += '/';
  path += node.tag;
  if (node.children.empty()) {
    if (v.text) v.text(node.tag, node.text, path);
  } else {
    for (const XmlNode& child : node.children) WalkNode(child, path, v);
  }
  path.resize(len);
}

void WalkStruct(std::string_view tag, const StructTable& table, const void* obj, std::string& path,
                const WalkVisitor& v) {
  if (v.structure) v.structure(tag, table, obj, path);
  for (const FieldOps& f : table.fields) {
    const void* m = f.Member(obj);
    size_t n = f.repeated ? f.count(m) : 1;
    for (size_t i = 0; i < n; ++i) {
      const void* e = f.element(m, i);
      if (e == nullptr) continue;
      size_t len = path.size();
      path += '/';
      path += f.tag;
      if (f.repeated) path += "[" + std::to_string(i + 1) + "]";
      if (f.child != nullptr) {
        WalkStruct(f.tag, *f.child, e, path, v);
      } else if (f.leaf == LeafKind::kString && v.text) {
        v.text(f.tag, *static_cast<const std::string*>(e), path);
      }
      path.resize(len);
    }
  }
  if (const Unmodelled* u = table.UnmodelledOf(obj)) {
    for (const UnmodelledElement& e : u->elements) WalkNode(e.node, path, v);
  }
}

}  // namespace

void WalkMessage(const Message& message, const WalkVisitor& visitor) {
  std::string path;
  if (message.app_hdr) {
    path = "/AppHdr";
    WalkStruct("AppHdr", TableOf<AppHdr>(), &*message.app_hdr, path, visitor);
  }
  const MessageType* type = FindMessageTypeById(message.msg_def_id);
  if (type == nullptr || !type->codec->holds(message.document)) return;
  path = "/Document/" + std::string(type->root_tag);
  WalkStruct(type->root_tag, type->codec->root_table(), type->codec->get(message.document), path,
             visitor);
}

}  // namespace gw::codecs::internal
