// File: tests/gateway/inbound_test_support.h
// Inbound link messages for the gateway tests.
#pragma once

#include <string>

#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "gateway/ingest.h"
#include "gateway/links/interfaces.h"

namespace gw::gateway::testing {

// A pacs.008 as bank-b would send it to us, crediting `creditor_iban`.
inline links::InboundMessage InboundPacs008(const std::string& msg_id, const std::string& creditor_iban,
                                            const std::string& amount = "125.50",
                                            const std::string& debtor_name = "Erika Musterfrau") {
  codecs::CreditTransfer ct;
  ct.routing.from_bic = "BANKDEFFXXX";
  ct.routing.to_bic = "GWAYDEFFXXX";
  ct.routing.msg_id = msg_id;
  ct.routing.creation_time = "2026-11-29T08:00:00Z";
  ct.settlement_date = "2026-11-30";
  ct.end_to_end_id = "E2E-" + msg_id;
  ct.tx_id = msg_id;
  ct.uetr = NewUuidV4();
  ct.amount.value = *codecs::Decimal::Parse(amount);
  ct.amount.ccy = "EUR";
  ct.debtor_name = debtor_name;
  ct.debtor_iban = "DE02120300000000202051";
  ct.debtor_agent_bic = "BANKDEFFXXX";
  ct.creditor_agent_bic = "GWAYDEFFXXX";
  ct.creditor_name = "Dave Beispiel";
  ct.creditor_iban = creditor_iban;
  auto message = codecs::BuildPacs008(ct);
  return links::InboundMessage{"bank-b", msg_id, ct.uetr, codecs::Encode(message)};
}

}  // namespace gw::gateway::testing
