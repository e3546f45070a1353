// File: codecs/iso20022/components.h
//
// Message components shared by the ISO 20022 messages (names follow the ISO
// repository: PostalAddress24, PartyIdentification135, ...). Members are named
// after the XML tags in snake_case; see codecs/iso20022/fields.h for the rules.
// Elements the schemas allow but these models do not keep are validated and then
// skipped by the parser (listed in codecs/README.md, "Coverage").
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "codecs/iso20022/fields.h"

namespace gw::codecs {

// A choice of a code (external code set) or a proprietary text; exactly one is set.
struct CodeOrProprietary {
  std::optional<std::string> cd;
  std::optional<std::string> prtry;
  static constexpr auto Fields() {
    return FieldList{Field("Cd", &CodeOrProprietary::cd), Field("Prtry", &CodeOrProprietary::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const CodeOrProprietary&) const = default;
};

// GenericIdentification30 (address type proprietary).
struct GenericIdentification30 {
  std::string id;
  std::string issr;
  std::optional<std::string> schme_nm;
  static constexpr auto Fields() {
    return FieldList{Field("Id", &GenericIdentification30::id),
                     Field("Issr", &GenericIdentification30::issr),
                     Field("SchmeNm", &GenericIdentification30::schme_nm)};
  }
  Unmodelled unmodelled;
  bool operator==(const GenericIdentification30&) const = default;
};

// AddressType3Choice.
struct AddressType3Choice {
  std::optional<std::string> cd;
  std::optional<GenericIdentification30> prtry;
  static constexpr auto Fields() {
    return FieldList{Field("Cd", &AddressType3Choice::cd), Field("Prtry", &AddressType3Choice::prtry)};
  }
  Unmodelled unmodelled;
  bool operator==(const AddressType3Choice&) const = default;
};

// PostalAddress24.
struct PostalAddress24 {
  std::optional<AddressType3Choice> adr_tp;
  std::optional<std::string> dept;
  std::optional<std::string> sub_dept;
  std::optional<std::string> strt_nm;
  std::optional<std::string> bldg_nb;
  std::optional<std::string> bldg_nm;
  std::optional<std::string> flr;
  std::optional<std::string> pst_bx;
  std::optional<std::string> room;
  std::optional<std::string> pst_cd;
  std::optional<std::string> twn_nm;
  std::optional<std::string> twn_lctn_nm;
  std::optional<std::string> dstrct_nm;
  std::optional<std::string> ctry_sub_dvsn;
  std::optional<std::string> ctry;
  std::vector<std::string> adr_line;  // 0..7
  static constexpr auto Fields() {
    using P = PostalAddress24;
    return FieldList{Field("AdrTp", &P::adr_tp),        Field("Dept", &P::dept),
                     Field("SubDept", &P::sub_dept),    Field("StrtNm", &P::strt_nm),
                     Field("BldgNb", &P::bldg_nb),      Field("BldgNm", &P::bldg_nm),
                     Field("Flr", &P::flr),             Field("PstBx", &P::pst_bx),
                     Field("Room", &P::room),           Field("PstCd", &P::pst_cd),
                     Field("TwnNm", &P::twn_nm),        Field("TwnLctnNm", &P::twn_lctn_nm),
                     Field("DstrctNm", &P::dstrct_nm),  Field("CtrySubDvsn", &P::ctry_sub_dvsn),
                     Field("Ctry", &P::ctry),           Field("AdrLine", &P::adr_line)};
  }
  Unmodelled unmodelled;
  bool operator==(const PostalAddress24&) const = default;
};

// GenericOrganisationIdentification1 / GenericPersonIdentification1 /
// GenericAccountIdentification1 / GenericFinancialIdentification1 (same shape).
struct GenericIdentification {
  std::string id;
  std::optional<CodeOrProprietary> schme_nm;
  std::optional<std::string> issr;
  static constexpr auto Fields() {
    return FieldList{Field("Id", &GenericIdentification::id),
                     Field("SchmeNm", &GenericIdentification::schme_nm),
                     Field("Issr", &GenericIdentification::issr)};
  }
  Unmodelled unmodelled;
  bool operator==(const GenericIdentification&) const = default;
};

// OrganisationIdentification29.
struct OrganisationIdentification29 {
  std::optional<std::string> any_bic;
  std::optional<std::string> lei;
  std::vector<GenericIdentification> othr;
  static constexpr auto Fields() {
    using O = OrganisationIdentification29;
    return FieldList{Field("AnyBIC", &O::any_bic), Field("LEI", &O::lei), Field("Othr", &O::othr)};
  }
  Unmodelled unmodelled;
  bool operator==(const OrganisationIdentification29&) const = default;
};

// DateAndPlaceOfBirth1.
struct DateAndPlaceOfBirth1 {
  std::string birth_dt;
  std::optional<std::string> prvc_of_birth;
  std::string city_of_birth;
  std::string ctry_of_birth;
  static constexpr auto Fields() {
    using D = DateAndPlaceOfBirth1;
    return FieldList{Field("BirthDt", &D::birth_dt), Field("PrvcOfBirth", &D::prvc_of_birth),
                     Field("CityOfBirth", &D::city_of_birth),
                     Field("CtryOfBirth", &D::ctry_of_birth)};
  }
  Unmodelled unmodelled;
  bool operator==(const DateAndPlaceOfBirth1&) const = default;
};

// PersonIdentification13.
struct PersonIdentification13 {
  std::optional<DateAndPlaceOfBirth1> dt_and_plc_of_birth;
  std::vector<GenericIdentification> othr;
  static constexpr auto Fields() {
    return FieldList{Field("DtAndPlcOfBirth", &PersonIdentification13::dt_and_plc_of_birth),
                     Field("Othr", &PersonIdentification13::othr)};
  }
  Unmodelled unmodelled;
  bool operator==(const PersonIdentification13&) const = default;
};

// Party38Choice.
struct Party38Choice {
  std::optional<OrganisationIdentification29> org_id;
  std::optional<PersonIdentification13> prvt_id;
  static constexpr auto Fields() {
    return FieldList{Field("OrgId", &Party38Choice::org_id), Field("PrvtId", &Party38Choice::prvt_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const Party38Choice&) const = default;
};

// OtherContact1.
struct OtherContact1 {
  std::string chanl_tp;
  std::optional<std::string> id;
  static constexpr auto Fields() {
    return FieldList{Field("ChanlTp", &OtherContact1::chanl_tp), Field("Id", &OtherContact1::id)};
  }
  Unmodelled unmodelled;
  bool operator==(const OtherContact1&) const = default;
};

// Contact4.
struct Contact4 {
  std::optional<std::string> nm_prfx;
  std::optional<std::string> nm;
  std::optional<std::string> phne_nb;
  std::optional<std::string> mob_nb;
  std::optional<std::string> fax_nb;
  std::optional<std::string> email_adr;
  std::optional<std::string> email_purp;
  std::optional<std::string> job_titl;
  std::optional<std::string> rspnsblty;
  std::optional<std::string> dept;
  std::vector<OtherContact1> othr;
  std::optional<std::string> prefrd_mtd;
  static constexpr auto Fields() {
    using C = Contact4;
    return FieldList{Field("NmPrfx", &C::nm_prfx),     Field("Nm", &C::nm),
                     Field("PhneNb", &C::phne_nb),     Field("MobNb", &C::mob_nb),
                     Field("FaxNb", &C::fax_nb),       Field("EmailAdr", &C::email_adr),
                     Field("EmailPurp", &C::email_purp), Field("JobTitl", &C::job_titl),
                     Field("Rspnsblty", &C::rspnsblty), Field("Dept", &C::dept),
                     Field("Othr", &C::othr),          Field("PrefrdMtd", &C::prefrd_mtd)};
  }
  Unmodelled unmodelled;
  bool operator==(const Contact4&) const = default;
};

// PartyIdentification135: debtor, creditor, ultimate parties, initiating party.
struct PartyIdentification135 {
  std::optional<std::string> nm;
  std::optional<PostalAddress24> pstl_adr;
  std::optional<Party38Choice> id;
  std::optional<std::string> ctry_of_res;
  std::optional<Contact4> ctct_dtls;
  static constexpr auto Fields() {
    using P = PartyIdentification135;
    return FieldList{Field("Nm", &P::nm), Field("PstlAdr", &P::pstl_adr), Field("Id", &P::id),
                     Field("CtryOfRes", &P::ctry_of_res), Field("CtctDtls", &P::ctct_dtls)};
  }
  Unmodelled unmodelled;
  bool operator==(const PartyIdentification135&) const = default;
};

// ClearingSystemMemberIdentification2.
struct ClearingSystemMemberIdentification2 {
  std::optional<CodeOrProprietary> clr_sys_id;
  std::string mmb_id;
  static constexpr auto Fields() {
    return FieldList{Field("ClrSysId", &ClearingSystemMemberIdentification2::clr_sys_id),
                     Field("MmbId", &ClearingSystemMemberIdentification2::mmb_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const ClearingSystemMemberIdentification2&) const = default;
};

// FinancialInstitutionIdentification18.
struct FinancialInstitutionIdentification18 {
  std::optional<std::string> bicfi;
  std::optional<ClearingSystemMemberIdentification2> clr_sys_mmb_id;
  std::optional<std::string> lei;
  std::optional<std::string> nm;
  std::optional<PostalAddress24> pstl_adr;
  std::optional<GenericIdentification> othr;
  static constexpr auto Fields() {
    using F = FinancialInstitutionIdentification18;
    return FieldList{Field("BICFI", &F::bicfi), Field("ClrSysMmbId", &F::clr_sys_mmb_id),
                     Field("LEI", &F::lei),     Field("Nm", &F::nm),
                     Field("PstlAdr", &F::pstl_adr), Field("Othr", &F::othr)};
  }
  Unmodelled unmodelled;
  bool operator==(const FinancialInstitutionIdentification18&) const = default;
};

// BranchData3.
struct BranchData3 {
  std::optional<std::string> id;
  std::optional<std::string> lei;
  std::optional<std::string> nm;
  std::optional<PostalAddress24> pstl_adr;
  static constexpr auto Fields() {
    return FieldList{Field("Id", &BranchData3::id), Field("LEI", &BranchData3::lei),
                     Field("Nm", &BranchData3::nm), Field("PstlAdr", &BranchData3::pstl_adr)};
  }
  Unmodelled unmodelled;
  bool operator==(const BranchData3&) const = default;
};

// BranchAndFinancialInstitutionIdentification6: every agent (DbtrAgt, InstgAgt, ...).
struct BranchAndFinancialInstitutionIdentification6 {
  FinancialInstitutionIdentification18 fin_instn_id;
  std::optional<BranchData3> brnch_id;
  static constexpr auto Fields() {
    return FieldList{
       Field("FinInstnId", &BranchAndFinancialInstitutionIdentification6::fin_instn_id),
       Field("BrnchId", &BranchAndFinancialInstitutionIdentification6::brnch_id)};
  }
  Unmodelled unmodelled;
  bool operator==(const BranchAndFinancialInstitutionIdentification6&) const = default;
};
using Agent = BranchAndFinancialInstitutionIdentification6;

// AccountIdentification4Choice.
struct AccountIdentification4Choice {
  std::optional<std::string> iban;
  std::optional<GenericIdentification> othr;
  static constexpr auto Fields() {
    return FieldList{Field("IBAN", &AccountIdentification4Choice::iban),
                     Field("Othr", &AccountIdentification4Choice::othr)};
  }
  Unmodelled unmodelled;
  bool operator==(const AccountIdentification4Choice&) const = default;
};

// ProxyAccountIdentification1.
struct ProxyAccountIdentification1 {
  std::optional<CodeOrProprietary> tp;
  std::string id;
  static constexpr auto Fields() {
    return FieldList{Field("Tp", &ProxyAccountIdentification1::tp),
                     Field("Id", &ProxyAccountIdentification1::id)};
  }
  Unmodelled unmodelled;
  bool operator==(const ProxyAccountIdentification1&) const = default;
};

// CashAccount38 (Id mandatory) and CashAccount40 (Id optional, from 2021 versions):
// one model; the per-version rule ACCT-001 checks Id where it is mandatory.
struct CashAccount {
  std::optional<AccountIdentification4Choice> id;
  std::optional<CodeOrProprietary> tp;
  std::optional<std::string> ccy;
  std::optional<std::string> nm;
  std::optional<ProxyAccountIdentification1> prxy;
  static constexpr auto Fields() {
    using C = CashAccount;
    return FieldList{Field("Id", &C::id), Field("Tp", &C::tp), Field("Ccy", &C::ccy),
                     Field("Nm", &C::nm), Field("Prxy", &C::prxy)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashAccount&) const = default;
};

// Charges7.
struct Charges7 {
  Amount amt;
  Agent agt;
  static constexpr auto Fields() {
    return FieldList{Field("Amt", &Charges7::amt), Field("Agt", &Charges7::agt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Charges7&) const = default;
};

}  // namespace gw::codecs
