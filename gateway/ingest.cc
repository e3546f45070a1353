#include "gateway/ingest.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "codecs/json_input.h"
#include "codecs/iso20022/codec.h"
#include "codecs/rules.h"

namespace gw::gateway {

namespace {

using codecs::Issue;
using codecs::Issues;

void Add(Issues& out, const std::string& path, const std::string& rule, const std::string& value,
         const std::string& message, const std::string& reason) {
  Issue i;
  i.rule_id = rule;
  i.path = path;
  i.value = value.substr(0, 256);
  i.message = message;
  i.reason_code = reason;
  out.push_back(std::move(i));
}

// A text field: required or not, at most `max` characters.
std::string Text(const nlohmann::json& obj, const std::string& key, const std::string& path, bool required,
                 std::size_t max, Issues& issues) {
  if (!obj.is_object() || !obj.contains(key) || obj[key].is_null()) {
    if (required) Add(issues, path, "REQ-001", "", path + " is required", "FF01");
    return "";
  }
  if (!obj[key].is_string()) {
    Add(issues, path, "FMT-002", "", path + " must be a string, not " + codecs::JsonKind(obj[key]), "FF01");
    return "";
  }
  std::string v = obj[key].get<std::string>();
  if (required && v.empty()) Add(issues, path, "REQ-001", v, path + " must not be empty", "FF01");
  if (v.size() > max)
    Add(issues, path, "LEN-001", v, path + " is longer than " + std::to_string(max) + " characters", "FF01");
  return v;
}

// A member name the caller sent, as an error may repeat it: at most 64 bytes.
std::string FieldName(const std::string& name) { return name.size() <= 64 ? name : name.substr(0, 64) + "..."; }

void Check(Issues& issues, const std::string& path, const std::string& value, const codecs::RuleResult& r) {
  codecs::Report(issues, path, value, r);
}

// Fills amount_minor and currency; "XXX" (ISO 4217 "no currency") when unreadable.
void ReadAmount(const std::string& amount, const std::string& currency, const std::string& amount_path,
                const std::string& ccy_path, PaymentInstruction& p, Issues& issues) {
  p.currency = currency.size() == 3 ? currency : "XXX";
  Check(issues, ccy_path, currency, codecs::CheckCurrency(currency));
  auto dec = codecs::Decimal::Parse(amount);
  if (!dec) {
    Add(issues, amount_path, "FMT-001", amount, "amount must be a decimal number such as 1250.00", "AM12");
    return;
  }
  const auto minor_digits = codecs::CurrencyMinorUnits(currency);
  Check(issues, amount_path, amount, codecs::CheckAmount(*dec, currency));
  if (minor_digits) {
    auto minor = dec->ToMinorUnits(*minor_digits);
    if (minor && *minor > 0) p.amount_minor = *minor;
  }
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// What the request asked for, as a hash: every field that comes from the
// request (the UETR only when the request gave one; otherwise it is generated
// afresh on each arrival and says nothing about the request).
std::string Fingerprint(const PaymentInstruction& p, bool uetr_given) {
  std::string canonical;
  for (const std::string* field :
       {&p.msg_id, &p.end_to_end_id, &p.currency, &p.debtor_name, &p.debtor_account, &p.debtor_agent_bic,
        &p.debtor_country, &p.creditor_name, &p.creditor_account, &p.creditor_agent_bic, &p.creditor_country,
        &p.ultimate_debtor_name, &p.ultimate_creditor_name, &p.remittance_info, &p.requested_execution_date}) {
    canonical += *field;
    canonical += '\x1f';
  }
  canonical += std::to_string(p.amount_minor);
  canonical += '\x1f';
  if (uetr_given) canonical += p.uetr;
  return Sha256Hex(canonical);
}

// Idempotency keys are per operator (`created_by`; per link or session for
// other sources, whose `source` differs). A request with problems is keyed by
// the hash of its bytes: a true retry gets the same REJECTED payment, while a
// corrected resubmission under the same identifiers is a new request, not a
// replay of the rejected one.
void ScopeKeys(IngestResult& result, std::string_view body, const std::string& created_by) {
  const bool valid = result.ok();
  const std::string body_hash = valid ? "" : Sha256Hex(body);
  for (std::size_t i = 0; i < result.instructions.size(); ++i) {
    auto& p = result.instructions[i];
    if (!valid) {
      p.idempotency_key = "invalid:" + body_hash + (i > 0 ? "#" + std::to_string(i + 1) : "");
      p.request_fingerprint = body_hash;
    }
    p.idempotency_key = created_by + "|" + p.idempotency_key;
  }
}

}  // namespace

std::string NewUuidV4() {
  unsigned char b[16];
  // An identifier from unset bytes could repeat or be guessed: refuse instead
  // (request handlers answer 500; a transaction around the caller rolls back).
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("the random generator failed; no UUID was made");
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

void ScreenedParties(const codecs::PartyIdentification135& debtor, const codecs::PartyIdentification135* creditor,
                     const std::optional<codecs::PartyIdentification135>& ultimate_debtor,
                     const std::optional<codecs::PartyIdentification135>& ultimate_creditor, PaymentInstruction& p) {
  auto country_of = [](const codecs::PartyIdentification135& party) {
    return party.pstl_adr && party.pstl_adr->ctry ? *party.pstl_adr->ctry : std::string();
  };
  p.debtor_country = country_of(debtor);
  if (creditor) p.creditor_country = country_of(*creditor);
  if (ultimate_debtor) p.ultimate_debtor_name = ultimate_debtor->nm.value_or("");
  if (ultimate_creditor) p.ultimate_creditor_name = ultimate_creditor->nm.value_or("");
}

IngestResult IngestJson(std::string_view body, const std::string& source, const std::string& created_by,
                        const std::string& idempotency_key) {
  IngestResult result;
  result.message_type = "json";
  auto parsed = codecs::ParseJson(body, codecs::kMaxApiJsonDepth);
  PaymentInstruction p;
  p.source = source;
  p.created_by = created_by;
  if (!parsed.ok() || !parsed->is_object()) {
    Add(result.issues, "/", "JSON-001", "",
        parsed.ok() ? "the body must be a JSON object, not " + codecs::JsonKind(*parsed)
                    : "the body is not a JSON object: " + parsed.status().message(),
        "FF01");
    p.uetr = NewUuidV4();
    p.currency = "XXX";
    p.idempotency_key = idempotency_key.empty() ? "raw:" + p.uetr : "key:" + idempotency_key;
    result.instructions.push_back(p);
    ScopeKeys(result, body, created_by);
    return result;
  }
  const nlohmann::json& j = *parsed;
  auto& issues = result.issues;
  p.end_to_end_id = Text(j, "end_to_end_id", "/end_to_end_id", true, 35, issues);
  p.msg_id = Text(j, "msg_id", "/msg_id", false, 35, issues);
  std::string uetr = Text(j, "uetr", "/uetr", false, 36, issues);
  if (uetr.empty()) {
    p.uetr = NewUuidV4();
  } else {
    Check(issues, "/uetr", uetr, codecs::CheckUuidV4(uetr));
    p.uetr = codecs::CheckUuidV4(uetr) ? NewUuidV4() : uetr;
  }
  std::string amount;
  if (j.contains("amount") && j["amount"].is_number())
    Add(issues, "/amount", "FMT-002", "",
        "amount must be a decimal string such as \"1250.00\" (numbers lose precision)", "AM12");
  else
    amount = Text(j, "amount", "/amount", true, 40, issues);
  const std::string currency = Text(j, "currency", "/currency", true, 3, issues);
  if (!amount.empty()) ReadAmount(amount, currency, "/amount", "/currency", p, issues);
  else p.currency = currency.size() == 3 ? currency : "XXX";

  auto party = [&](const char* key, std::string& name, std::string& account, std::string& bic, std::string& country) {
    const std::string base = std::string("/") + key;
    if (!j.contains(key) || !j[key].is_object()) {
      Add(issues, base, "REQ-001", "", base + " is required: an object with name, account and agent_bic", "FF01");
      return;
    }
    const auto& obj = j[key];
    name = Text(obj, "name", base + "/name", true, 140, issues);
    account = Text(obj, "account", base + "/account", true, 34, issues);
    if (!account.empty()) Check(issues, base + "/account", account, codecs::CheckIban(account));
    bic = Text(obj, "agent_bic", base + "/agent_bic", true, 11, issues);
    if (!bic.empty()) Check(issues, base + "/agent_bic", bic, codecs::CheckBic(bic));
    country = Text(obj, "country", base + "/country", false, 2, issues);
    if (!country.empty()) Check(issues, base + "/country", country, codecs::CheckCountry(country));
    for (const auto& [member, value] : obj.items()) {
      if (member != "name" && member != "account" && member != "agent_bic" && member != "country")
        Add(issues, base + "/" + FieldName(member), "JSON-002", "", "unknown field " + base + "/" + FieldName(member),
            "FF01");
    }
  };
  party("debtor", p.debtor_name, p.debtor_account, p.debtor_agent_bic, p.debtor_country);
  party("creditor", p.creditor_name, p.creditor_account, p.creditor_agent_bic, p.creditor_country);
  auto ultimate = [&](const char* key, std::string& name) {
    if (!j.contains(key)) return;
    const std::string base = std::string("/") + key;
    if (!j[key].is_object()) {
      Add(issues, base, "FMT-002", "", base + " must be an object with a name, not " + codecs::JsonKind(j[key]), "FF01");
      return;
    }
    name = Text(j[key], "name", base + "/name", true, 140, issues);
  };
  ultimate("ultimate_debtor", p.ultimate_debtor_name);
  ultimate("ultimate_creditor", p.ultimate_creditor_name);
  p.remittance_info = Text(j, "remittance_information", "/remittance_information", false, 140, issues);
  p.requested_execution_date = Text(j, "requested_execution_date", "/requested_execution_date", false, 10, issues);
  if (!p.requested_execution_date.empty()) {
    auto r = codecs::CheckIsoDate(p.requested_execution_date);
    Check(issues, "/requested_execution_date", p.requested_execution_date, r);
    if (r) p.requested_execution_date.clear();
  }
  for (const auto& [key, value] : j.items()) {
    static const std::set<std::string> kKnown = {"end_to_end_id", "msg_id", "uetr", "amount", "currency", "debtor",
                                                 "creditor", "remittance_information", "requested_execution_date",
                                                 "ultimate_debtor", "ultimate_creditor"};
    if (!kKnown.count(key))
      Add(issues, "/" + FieldName(key), "JSON-002", "", "unknown field /" + FieldName(key), "FF01");
  }
  if (!idempotency_key.empty()) p.idempotency_key = "key:" + idempotency_key;
  else if (!p.msg_id.empty()) p.idempotency_key = "msg:" + p.msg_id + "/e2e:" + p.end_to_end_id;
  else if (!p.end_to_end_id.empty()) p.idempotency_key = "e2e:" + p.end_to_end_id;
  else p.idempotency_key = "raw:" + p.uetr;  // unidentifiable: each arrival is its own (rejected) payment
  p.request_fingerprint = Fingerprint(p, !uetr.empty());
  result.instructions.push_back(p);
  ScopeKeys(result, body, created_by);
  return result;
}

namespace {

std::string Iban(const std::optional<codecs::CashAccount>& acct) {
  if (acct && acct->id && acct->id->iban) return *acct->id->iban;
  return "";
}
std::string Bic(const std::optional<codecs::Agent>& agent) {
  if (agent && agent->fin_instn_id.bicfi) return *agent->fin_instn_id.bicfi;
  return "";
}
std::string Ustrd(const std::optional<codecs::RemittanceInformation>& r) {
  if (!r || r->ustrd.empty()) return "";
  return r->ustrd.front();
}

}  // namespace

IngestResult IngestXml(std::string_view body, const codecs::SchemaSet& schemas, const std::string& source,
                       const std::string& created_by, const std::string& idempotency_key) {
  IngestResult result;
  auto decoded = codecs::Decode(body, schemas);
  result.issues = decoded.issues;
  auto base = [&] {
    PaymentInstruction p;
    p.source = source;
    p.created_by = created_by;
    p.currency = "XXX";
    return p;
  };
  auto key_for = [&](const std::string& msg_id, const std::string& e2e, std::size_t index, const std::string& uetr) {
    if (!idempotency_key.empty()) return "key:" + idempotency_key + (index > 0 ? "#" + std::to_string(index + 1) : "");
    if (!msg_id.empty() && !e2e.empty()) return "msg:" + msg_id + "/e2e:" + e2e;
    return "raw:" + uetr;
  };
  if (!decoded.message) {
    result.message_type = "xml";
    auto p = base();
    p.uetr = NewUuidV4();
    p.idempotency_key = key_for("", "", 0, p.uetr);
    result.instructions.push_back(p);
    if (result.issues.empty())
      Add(result.issues, "/", "MSG-001", "", "no payment message found", "FF01");
    ScopeKeys(result, body, created_by);
    return result;
  }
  const auto& msg = *decoded.message;
  result.message_type = msg.msg_def_id;
  if (const auto* pacs = std::get_if<codecs::Pacs008>(&msg.document)) {
    for (std::size_t i = 0; i < pacs->cdt_trf_tx_inf.size(); ++i) {
      const auto& tx = pacs->cdt_trf_tx_inf[i];
      auto p = base();
      p.msg_id = pacs->grp_hdr.msg_id;
      p.end_to_end_id = tx.pmt_id.end_to_end_id;
      p.uetr = tx.pmt_id.uetr && !codecs::CheckUuidV4(*tx.pmt_id.uetr) ? *tx.pmt_id.uetr : NewUuidV4();
      p.debtor_name = tx.dbtr.nm.value_or("");
      p.debtor_account = Iban(tx.dbtr_acct);
      p.debtor_agent_bic = tx.dbtr_agt.fin_instn_id.bicfi.value_or("");
      p.creditor_name = tx.cdtr.nm.value_or("");
      p.creditor_account = Iban(tx.cdtr_acct);
      p.creditor_agent_bic = tx.cdtr_agt.fin_instn_id.bicfi.value_or("");
      ScreenedParties(tx.dbtr, &tx.cdtr, tx.ultmt_dbtr, tx.ultmt_cdtr, p);
      p.currency = tx.intr_bk_sttlm_amt.ccy.size() == 3 ? tx.intr_bk_sttlm_amt.ccy : "XXX";
      if (auto digits = codecs::CurrencyMinorUnits(p.currency)) {
        auto minor = tx.intr_bk_sttlm_amt.value.ToMinorUnits(*digits);
        if (minor && *minor > 0) p.amount_minor = *minor;
      }
      p.remittance_info = Ustrd(tx.rmt_inf);
      p.requested_execution_date = tx.intr_bk_sttlm_dt.value_or("");
      p.idempotency_key = key_for(p.msg_id, p.end_to_end_id, i, p.uetr);
      p.request_fingerprint = Fingerprint(p, tx.pmt_id.uetr.has_value());
      result.instructions.push_back(p);
    }
  } else if (const auto* pain = std::get_if<codecs::Pain001>(&msg.document)) {
    std::size_t index = 0;
    for (const auto& inf : pain->pmt_inf) {
      for (const auto& tx : inf.cdt_trf_tx_inf) {
        auto p = base();
        p.msg_id = pain->grp_hdr.msg_id;
        p.end_to_end_id = tx.pmt_id.end_to_end_id;
        p.uetr = tx.pmt_id.uetr && !codecs::CheckUuidV4(*tx.pmt_id.uetr) ? *tx.pmt_id.uetr : NewUuidV4();
        p.debtor_name = inf.dbtr.nm.value_or("");
        p.debtor_account = inf.dbtr_acct.id && inf.dbtr_acct.id->iban ? *inf.dbtr_acct.id->iban : "";
        p.debtor_agent_bic = inf.dbtr_agt.fin_instn_id.bicfi.value_or("");
        p.creditor_name = tx.cdtr && tx.cdtr->nm ? *tx.cdtr->nm : "";
        p.creditor_account = Iban(tx.cdtr_acct);
        p.creditor_agent_bic = Bic(tx.cdtr_agt);
        ScreenedParties(inf.dbtr, tx.cdtr ? &*tx.cdtr : nullptr, tx.ultmt_dbtr ? tx.ultmt_dbtr : inf.ultmt_dbtr,
                        tx.ultmt_cdtr, p);
        if (tx.amt.instd_amt) {
          p.currency = tx.amt.instd_amt->ccy.size() == 3 ? tx.amt.instd_amt->ccy : "XXX";
          if (auto digits = codecs::CurrencyMinorUnits(p.currency)) {
            auto minor = tx.amt.instd_amt->value.ToMinorUnits(*digits);
            if (minor && *minor > 0) p.amount_minor = *minor;
          }
        } else {
          Add(result.issues, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt", "ING-002", "",
              "only instructed amounts (InstdAmt) are supported, not equivalent amounts", "AM03");
        }
        p.remittance_info = Ustrd(tx.rmt_inf);
        p.requested_execution_date = inf.reqd_exctn_dt.dt.value_or(
            inf.reqd_exctn_dt.dt_tm ? inf.reqd_exctn_dt.dt_tm->substr(0, 10) : "");
        p.idempotency_key = key_for(p.msg_id, p.end_to_end_id, index++, p.uetr);
        p.request_fingerprint = Fingerprint(p, tx.pmt_id.uetr.has_value());
        // Fields a pacs.008 needs that a pain.001 may leave out.
        if (p.creditor_agent_bic.empty())
          Add(result.issues, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI", "ING-001", "",
              "the creditor agent must be identified by a BIC", "RC01");
        if (p.creditor_account.empty())
          Add(result.issues, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN", "ING-001", "",
              "the creditor account must be an IBAN", "AC01");
        result.instructions.push_back(p);
      }
    }
  } else {
    Add(result.issues, "/Document", "ING-003", msg.msg_def_id,
        "payments are accepted as pacs.008 or pain.001, not " + msg.msg_def_id, "FF01");
    auto p = base();
    p.uetr = NewUuidV4();
    p.idempotency_key = key_for("", "", 0, p.uetr);
    result.instructions.push_back(p);
  }
  for (auto& p : result.instructions) {
    if (p.debtor_account.empty() && result.ok())
      Add(result.issues, "/Document", "ING-001", "", "the debtor account must be an IBAN", "AC01");
  }
  ScopeKeys(result, body, created_by);
  return result;
}

}  // namespace gw::gateway
