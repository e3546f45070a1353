// File: codecs/iso20022/validators.h
//
// Business rules of each message model (one function per model, named in its
// registry line). Each appends Issues with paths starting at "/Document/<Root>".
// Pure and thread-safe.
#pragma once

#include "codecs/issue.h"
#include "codecs/iso20022/app_hdr.h"
#include "codecs/iso20022/pacs002.h"
#include "codecs/iso20022/pacs008.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {

void ValidatePacs008(const Pacs008& doc, const MessageType& type, Issues& out);
void ValidatePacs002(const Pacs002& doc, const MessageType& type, Issues& out);

// The header on its own (identifiers, dates, parties); `document_id` is the
// Document's message definition id it must name (HDR-001).
void ValidateAppHdr(const AppHdr& hdr, std::string_view document_id, Issues& out);

}  // namespace gw::codecs
