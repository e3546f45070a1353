// File: codecs/iso20022/component_rules.cc
#include "codecs/iso20022/component_rules.h"

#include "codecs/rules.h"

namespace gw::codecs {

std::string PathAt(std::string_view base, std::string_view tag, size_t index) {
  std::string p;
  p.reserve(base.size() + tag.size() + 8);
  p += base;
  p += '/';
  p += tag;
  p += '[';
  p += std::to_string(index + 1);
  p += ']';
  return p;
}

std::string PathOf(std::string_view base, std::string_view tag) {
  std::string p;
  p.reserve(base.size() + tag.size() + 1);
  p += base;
  p += '/';
  p += tag;
  return p;
}

void CheckPostalAddress(const PostalAddress24& address, const std::string& path, Issues& out) {
  if (address.ctry) Report(out, PathOf(path, "Ctry"), *address.ctry, CheckCountry(*address.ctry));
}

void CheckAgent(const Agent& agent, const std::string& path, Issues& out) {
  const auto& fi = agent.fin_instn_id;
  std::string fi_path = PathOf(path, "FinInstnId");
  if (fi.bicfi) Report(out, PathOf(fi_path, "BICFI"), *fi.bicfi, CheckBic(*fi.bicfi));
  if (fi.lei) Report(out, PathOf(fi_path, "LEI"), *fi.lei, CheckLei(*fi.lei));
  if (fi.pstl_adr) CheckPostalAddress(*fi.pstl_adr, PathOf(fi_path, "PstlAdr"), out);
  bool identified = (fi.bicfi && !fi.bicfi->empty()) || fi.clr_sys_mmb_id.has_value() ||
                    (fi.lei && !fi.lei->empty()) || fi.othr.has_value() ||
                    (fi.nm && !fi.nm->empty());
  if (!identified) {
    AddIssue(out, "AGT-001", "RC01", fi_path, "",
             "the agent is not identified: give a BICFI, a clearing system member id, an LEI, "
             "another identification or a name");
  }
  if (agent.brnch_id) {
    if (agent.brnch_id->lei) {
      Report(out, PathOf(PathOf(path, "BrnchId"), "LEI"), *agent.brnch_id->lei,
             CheckLei(*agent.brnch_id->lei));
    }
    if (agent.brnch_id->pstl_adr) {
      CheckPostalAddress(*agent.brnch_id->pstl_adr, PathOf(PathOf(path, "BrnchId"), "PstlAdr"), out);
    }
  }
}

void CheckParty(const PartyIdentification135& party, const std::string& path, Issues& out) {
  if (party.pstl_adr) CheckPostalAddress(*party.pstl_adr, PathOf(path, "PstlAdr"), out);
  if (party.id) {
    std::string id_path = PathOf(path, "Id");
    if (party.id->org_id) {
      std::string org = PathOf(id_path, "OrgId");
      const auto& o = *party.id->org_id;
      if (o.any_bic) Report(out, PathOf(org, "AnyBIC"), *o.any_bic, CheckBic(*o.any_bic));
      if (o.lei) Report(out, PathOf(org, "LEI"), *o.lei, CheckLei(*o.lei));
    }
    if (party.id->prvt_id && party.id->prvt_id->dt_and_plc_of_birth) {
      const auto& b = *party.id->prvt_id->dt_and_plc_of_birth;
      std::string bp = PathOf(PathOf(id_path, "PrvtId"), "DtAndPlcOfBirth");
      Report(out, PathOf(bp, "BirthDt"), b.birth_dt, CheckIsoDate(b.birth_dt));
      Report(out, PathOf(bp, "CtryOfBirth"), b.ctry_of_birth, CheckCountry(b.ctry_of_birth));
    }
  }
  if (party.ctry_of_res) {
    Report(out, PathOf(path, "CtryOfRes"), *party.ctry_of_res, CheckCountry(*party.ctry_of_res));
  }
}

void CheckAccount(const CashAccount& account, const std::string& path, bool id_optional,
                  Issues& out) {
  if (account.id) {
    if (account.id->iban) {
      Report(out, PathOf(PathOf(path, "Id"), "IBAN"), *account.id->iban, CheckIban(*account.id->iban));
    } else if (!account.id->othr) {
      AddIssue(out, "ACCT-001", "AC01", PathOf(path, "Id"), "",
               "the account identification has neither an IBAN nor another identification");
    }
  } else if (!id_optional) {
    AddIssue(out, "ACCT-001", "AC01", path, "",
             "the account has no identification (Id is mandatory in this message version)");
  } else if (!account.prxy) {
    AddIssue(out, "ACCT-001", "AC01", path, "",
             "the account has neither an identification (Id) nor a proxy (Prxy)");
  }
  if (account.ccy) Report(out, PathOf(path, "Ccy"), *account.ccy, CheckCurrency(*account.ccy));
}

void CheckAmountAt(const Amount& amount, const std::string& path, Issues& out) {
  Report(out, path, amount.value.ToString() + " " + amount.ccy,
         CheckAmount(amount.value, amount.ccy));
}

void CheckNonNegativeAmountAt(const Amount& amount, const std::string& path, Issues& out) {
  if (amount.value.IsZero()) {
    Report(out, path, amount.ccy, CheckCurrency(amount.ccy));
    return;
  }
  CheckAmountAt(amount, path, out);
}

void CheckDateAt(const std::optional<std::string>& date, const std::string& path, Issues& out) {
  if (date) Report(out, path, *date, CheckIsoDate(*date));
}

void CheckDateTimeAt(const std::optional<std::string>& date_time, const std::string& path,
                     Issues& out) {
  if (date_time) Report(out, path, *date_time, CheckIsoDateTime(*date_time));
}

void CheckStatusReason(const StatusReasonInformation12& reason, const std::string& path,
                       Issues& out) {
  if (reason.orgtr) CheckParty(*reason.orgtr, PathOf(path, "Orgtr"), out);
  if (reason.rsn && reason.rsn->cd) {
    Report(out, PathOf(PathOf(path, "Rsn"), "Cd"), *reason.rsn->cd,
           CheckCode(*reason.rsn->cd, kStatusReasonCodes));
  }
}

}  // namespace gw::codecs
