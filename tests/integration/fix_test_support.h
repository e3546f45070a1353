// File: tests/integration/fix_test_support.h
// What the FIX integration tests (acceptor and initiator sessions) share: the
// accounts they pay from and to, a payment instruction (35=D) as a
// counterparty's system sends it, development certificates, and reading one
// series from /metrics.
#pragma once

#include <sstream>
#include <string>

#include "gateway/fix/quickfix.h"
#include "tests/support/fixtures.h"

namespace gw::test::fix_support {

// The fixture's ALICE account (debtor) and a creditor at the demo bank.
inline const std::string kAliceIban = MakeIban("DE", "370400440532013000");
inline const std::string kCreditorIban = MakeIban("FR", "20041010050500013M02606");

// A payment instruction with the Parties group (debtor and creditor agents by
// BIC) and the user-defined tags for the names, the creditor's IBAN and the
// remittance (schemas/fix/README.md).
inline FIX::Message Instruction(const std::string& cl_ord_id, const std::string& debtor_iban,
                                const std::string& amount, const std::string& creditor_iban = kCreditorIban,
                                const std::string& currency = "EUR") {
  FIX::Message m;
  m.getHeader().setField(35, "D");
  m.setField(11, cl_ord_id);
  m.setField(1, debtor_iban);
  m.setField(15, currency);
  m.setField(152, amount);
  m.setField(60, FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3));
  FIX::Group debtor_agent(453, 448);
  debtor_agent.setField(448, "GWAYDEFFXXX");
  debtor_agent.setField(447, "B");
  debtor_agent.setField(452, "13");
  m.addGroup(debtor_agent);
  FIX::Group creditor_agent(453, 448);
  creditor_agent.setField(448, "BANKDEFFXXX");
  creditor_agent.setField(447, "B");
  creditor_agent.setField(452, "30");
  m.addGroup(creditor_agent);
  m.setField(20001, "Alice Example GmbH");
  m.setField(20002, "Carol Exemple SARL");
  m.setField(20003, creditor_iban);
  m.setField(20010, "Invoice " + cl_ord_id);
  return m;
}

// `gatewayctl pki init` for `names` (comma-separated) under dir/pki.
inline std::string Pki(const TempDir& dir, const std::string& db_url, const std::string& names) {
  const std::string pki = dir.path() + "/pki";
  Ctl(db_url, {"pki", "init", "--dir", pki, "--names", names});
  return pki;
}

// The value of one series of a /metrics scrape (0 when absent).
inline double MetricValue(const std::string& metrics, const std::string& series) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return 0;
}

}  // namespace gw::test::fix_support
