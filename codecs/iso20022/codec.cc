// File: codecs/iso20022/codec.cc
//
// Encode, JSON mapping and business-rule validation of in-memory messages.
#include "codecs/iso20022/codec.h"

#include <nlohmann/json.hpp>

#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs {

void EncodeTo(const Message& message, std::string& out, const EncodeOptions& options) {
  internal::XmlWriter w(out);
  const MessageType* type = FindMessageTypeById(message.msg_def_id);
  if (options.xml_declaration) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  const bool envelope = message.app_hdr.has_value();
  if (envelope) {
    out += '<';
    out += options.envelope_tag;
    if (!options.envelope_namespace.empty()) {
      out += " xmlns=\"";
      w.Text(options.envelope_namespace);
      out += '"';
    }
    out += '>';
    out += "<AppHdr xmlns=\"";
    out += AllHeaderTypes().front().xml_namespace;
    out += "\">";
    internal::WriteFields(w, internal::TableOf<AppHdr>(), &*message.app_hdr,
                          AllHeaderTypes().front().xml_namespace);
    out += "</AppHdr>";
  }
  out += "<Document xmlns=\"";
  if (type != nullptr) {
    out += type->xml_namespace;
  } else {
    // Not a registered message: written under the ISO namespace of the id given, so
    // that decoding names the problem (MSG-001).
    out += "urn:iso:std:iso:20022:tech:xsd:";
    w.Text(message.msg_def_id);
  }
  out += "\">";
  if (type != nullptr && type->codec->holds(message.document)) {
    w.Open(type->root_tag);
    internal::WriteFields(w, type->codec->root_table(), type->codec->get(message.document),
                          type->xml_namespace);
    w.Close(type->root_tag);
  }
  out += "</Document>";
  if (envelope) {
    out += "</";
    out += options.envelope_tag;
    out += '>';
  }
  out += '\n';
}

std::string Encode(const Message& message, const EncodeOptions& options) {
  std::string out;
  out.reserve(8192);
  EncodeTo(message, out, options);
  return out;
}

Issues Validate(const Message& message) {
  Issues issues;
  const MessageType* type = FindMessageTypeById(message.msg_def_id);
  if (type == nullptr) {
    AddIssue(issues, "MSG-001", "FF01", "/Document", message.msg_def_id,
             "unsupported message '" + message.msg_def_id + "'; supported: " + SupportedMessageList());
    return issues;
  }
  if (!type->codec->holds(message.document)) {
    AddIssue(issues, "MSG-001", "FF01", "/Document", message.msg_def_id,
             "the document model does not match message " + message.msg_def_id);
    return issues;
  }
  type->codec->validate(message.document, *type, issues);
  if (message.app_hdr) ValidateAppHdr(*message.app_hdr, type->id, issues);
  return issues;
}

namespace {

// Where the root struct of a part sits in the loaded schemas (see binding.h).
internal::SchemaContext HeaderContext() {
  internal::SchemaContext ctx;
  ctx.ns = AllHeaderTypes().front().xml_namespace;
  ctx.model = internal::ContentModelsOf(ctx.ns);
  if (ctx.model != nullptr) ctx.type = ctx.model->Global("AppHdr");
  return ctx;
}

internal::SchemaContext DocumentContext(const MessageType& type) {
  internal::SchemaContext ctx;
  ctx.ns = type.xml_namespace;
  ctx.model = internal::ContentModelsOf(ctx.ns);
  if (ctx.model != nullptr) ctx.type = internal::ResolveType(*ctx.model, "Document", {type.root_tag});
  return ctx;
}

}  // namespace

nlohmann::json ToJson(const Message& message) {
  nlohmann::json j = nlohmann::json::object();
  j["MsgDefIdr"] = message.msg_def_id;
  if (message.app_hdr) {
    j["AppHdr"] = internal::StructToJson(internal::TableOf<AppHdr>(), &*message.app_hdr, HeaderContext());
  }
  const MessageType* type = FindMessageTypeById(message.msg_def_id);
  if (type != nullptr && type->codec->holds(message.document)) {
    j["Document"] = nlohmann::json{
        {std::string(type->root_tag),
         internal::StructToJson(type->codec->root_table(), type->codec->get(message.document),
                                DocumentContext(*type))}};
  }
  return j;
}

StatusOr<Message> FromJson(const nlohmann::json& json) {
  if (!json.is_object()) return InvalidArgument("JSON /: expected an object");
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (it.key() != "MsgDefIdr" && it.key() != "AppHdr" && it.key() != "Document") {
      return InvalidArgument("JSON /: unknown member \"" + it.key() +
                             "\" (expected MsgDefIdr, AppHdr, Document)");
    }
  }
  auto id = json.find("MsgDefIdr");
  if (id == json.end() || !id->is_string()) {
    return InvalidArgument("JSON /MsgDefIdr: missing or not a string (e.g. \"pacs.008.001.08\")");
  }
  const MessageType* type = FindMessageTypeById(id->get<std::string>());
  if (type == nullptr) {
    return InvalidArgument("JSON /MsgDefIdr: unsupported message '" + id->get<std::string>() +
                           "'; supported: " + SupportedMessageList());
  }
  Message message;
  message.msg_def_id = std::string(type->id);
  std::string path;
  if (auto hdr = json.find("AppHdr"); hdr != json.end()) {
    path = "/AppHdr";
    GW_RETURN_IF_ERROR(internal::StructFromJson(*hdr, internal::TableOf<AppHdr>(),
                                                &message.app_hdr.emplace(), path, HeaderContext()));
  }
  auto doc = json.find("Document");
  if (doc == json.end() || !doc->is_object() || doc->size() != 1 ||
      !doc->contains(std::string(type->root_tag))) {
    return InvalidArgument("JSON /Document: expected an object with the single member \"" +
                           std::string(type->root_tag) + "\"");
  }
  path = "/Document/" + std::string(type->root_tag);
  GW_RETURN_IF_ERROR(internal::StructFromJson((*doc)[std::string(type->root_tag)],
                                              type->codec->root_table(),
                                              type->codec->emplace(message.document), path,
                                              DocumentContext(*type)));
  return message;
}

}  // namespace gw::codecs
