// File: codecs/iso20022/ext_messages.h
//
// The models of pacs.004, pacs.009, camt.029, camt.053, camt.054, camt.056 and
// pain.001, and their validators (one per model, named in its registry line).
//
// Coverage: the schemas validate every element; the models keep all of them except
//   - everywhere: SplmtryData, and Tax (TaxInformation7/8);
//   - camt.053/054 entry and transaction details: CardTx, RltdPric, RltdQties,
//     FinInstrmId, CorpActn, SfkpgAcct (card and securities details);
//   - what the shared components of components.h/pacs008.h/pacs002.h leave out
//     (structured remittance tax/garnishment/line details; in OrgnlTxRef: Amt,
//     CdtrSchmeId, MndtRltdInf and PmtTpInf/SeqTp).
// A message carrying those decodes and validates; writing it back omits them.
#pragma once

#include "codecs/issue.h"
#include "codecs/iso20022/camt029.h"
#include "codecs/iso20022/camt053.h"
#include "codecs/iso20022/camt054.h"
#include "codecs/iso20022/camt056.h"
#include "codecs/iso20022/pacs004.h"
#include "codecs/iso20022/pacs009.h"
#include "codecs/iso20022/pain001.h"

namespace gw::codecs {

struct MessageType;

void ValidatePacs004(const Pacs004& doc, const MessageType& type, Issues& out);
void ValidatePacs009(const Pacs009& doc, const MessageType& type, Issues& out);
void ValidateCamt056(const Camt056& doc, const MessageType& type, Issues& out);
void ValidateCamt029(const Camt029& doc, const MessageType& type, Issues& out);
void ValidateCamt053(const Camt053& doc, const MessageType& type, Issues& out);
void ValidateCamt054(const Camt054& doc, const MessageType& type, Issues& out);
void ValidatePain001(const Pain001& doc, const MessageType& type, Issues& out);

}  // namespace gw::codecs
