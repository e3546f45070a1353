// File: gateway/reconciliation/statement_writer.cc
//
// camt.053.001.08 and camt.054.001.08 writers (string building), for the demo
// bank, tests and benchmarks.
#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation {

namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Amount(int64_t minor, const std::string& ccy) {
  return codecs::Decimal::FromMinorUnits(minor < 0 ? -minor : minor, codecs::CurrencyMinorUnits(ccy).value_or(2))
      .ToString();
}

void Tag(std::string& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += "<";
  out += name;
  out += ">";
  out += Escape(value);
  out += "</";
  out += name;
  out += ">";
}

void Balance(std::string& out, const char* code, int64_t minor, const std::string& ccy, const std::string& date) {
  out += "<Bal><Tp><CdOrPrtry><Cd>";
  out += code;
  out += "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + ccy + "\">" + Amount(minor, ccy) + "</Amt><CdtDbtInd>";
  out += minor < 0 ? "DBIT" : "CRDT";
  out += "</CdtDbtInd><Dt><Dt>" + date + "</Dt></Dt></Bal>";
}

void Header(std::string& out, const StatementHeader& h, const char* pagination_tag) {
  Tag(out, "Id", h.statement_id);
  if (h.page > 0) {
    out += std::string("<") + pagination_tag + "><PgNb>" + std::to_string(h.page) + "</PgNb><LastPgInd>" +
           (h.last_page ? "true" : "false") + "</LastPgInd></" + pagination_tag + ">";
  }
  Tag(out, "CreDtTm", h.created);
  if (!h.to_date_time.empty())
    out += "<FrToDt><FrDtTm>" + h.from_date_time + "</FrDtTm><ToDtTm>" + h.to_date_time + "</ToDtTm></FrToDt>";
  out += "<Acct><Id>";
  if (h.account_is_iban) Tag(out, "IBAN", h.account_id);
  else out += "<Othr><Id>" + Escape(h.account_id) + "</Id></Othr>";
  out += "</Id>";
  Tag(out, "Ccy", h.currency);
  out += "</Acct>";
}

void Group(std::string& out, const StatementHeader& h) {
  out += "<GrpHdr>";
  Tag(out, "MsgId", h.msg_id);
  Tag(out, "CreDtTm", h.created);
  out += "</GrpHdr>";
}

}  // namespace

void AppendEntry(std::string& out, const StatementLine& l) {
  out += "<Ntry><Amt Ccy=\"" + l.currency + "\">" + Amount(l.amount_minor, l.currency) + "</Amt>";
  Tag(out, "CdtDbtInd", l.credit_debit);
  if (l.reversal) out += "<RvslInd>true</RvslInd>";
  out += "<Sts><Cd>" + Escape(l.status) + "</Cd></Sts>";
  if (!l.booking_date.empty()) out += "<BookgDt><Dt>" + l.booking_date + "</Dt></BookgDt>";
  if (!l.value_date.empty()) out += "<ValDt><Dt>" + l.value_date + "</Dt></ValDt>";
  Tag(out, "AcctSvcrRef", l.acct_svcr_ref);
  out += "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>";
  out += l.credit_debit == "DBIT" ? "ICDT" : "RCDT";
  out += "</Cd><SubFmlyCd>";
  out += l.credit_debit == "DBIT" ? "XBCT" : "XBCT";
  out += "</SubFmlyCd></Fmly></Domn></BkTxCd>";
  if (!l.uetr.empty() || !l.end_to_end_id.empty() || !l.msg_id.empty() || !l.tx_id.empty()) {
    out += "<NtryDtls><TxDtls><Refs>";
    Tag(out, "MsgId", l.msg_id);
    Tag(out, "AcctSvcrRef", l.acct_svcr_ref);
    Tag(out, "EndToEndId", l.end_to_end_id);
    Tag(out, "UETR", l.uetr);
    Tag(out, "TxId", l.tx_id);
    out += "</Refs><Amt Ccy=\"" + l.currency + "\">" + Amount(l.amount_minor, l.currency) + "</Amt>";
    Tag(out, "CdtDbtInd", l.credit_debit);
    out += "</TxDtls></NtryDtls>";
  }
  out += "</Ntry>";
}

std::string WriteCamt053(const StatementHeader& h, const std::vector<StatementLine>& lines) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>";
  Group(out, h);
  out += "<Stmt>";
  Header(out, h, "StmtPgntn");
  // A statement needs at least one balance.
  if (h.opening_minor) Balance(out, "OPBD", *h.opening_minor, h.currency, h.date);
  if (h.closing_minor) Balance(out, "CLBD", *h.closing_minor, h.currency, h.date);
  if (!h.opening_minor && !h.closing_minor) Balance(out, "ITBD", 0, h.currency, h.date);
  for (const auto& l : lines) {
    out += "\n";
    AppendEntry(out, l);
  }
  out += "\n</Stmt></BkToCstmrStmt></Document>\n";
  return out;
}

std::string WriteCamt054(const StatementHeader& h, const std::vector<StatementLine>& lines) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"><BkToCstmrDbtCdtNtfctn>";
  Group(out, h);
  out += "<Ntfctn>";
  Header(out, h, "NtfctnPgntn");
  for (const auto& l : lines) {
    out += "\n";
    AppendEntry(out, l);
  }
  out += "\n</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n";
  return out;
}

}  // namespace gw::reconciliation
