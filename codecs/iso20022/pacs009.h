// File: codecs/iso20022/pacs009.h
//
// pacs.009 FinancialInstitutionCreditTransfer (version 001.08).
// Plain values, freely copyable; the business rules are in pacs009_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// RemittanceInformation2.
struct RemittanceInformation2 {
  std::vector<std::string> ustrd;
  static constexpr auto Fields() {
    using S = RemittanceInformation2;
    return FieldList{Field("Ustrd", &S::ustrd)};
  }
  Unmodelled unmodelled;
  bool operator==(const RemittanceInformation2&) const = default;
};

// CreditTransferTransaction37.
struct CreditTransferTransaction37 {
  std::optional<PartyIdentification135> ultmt_dbtr;
  std::optional<PartyIdentification135> initg_pty;
  PartyIdentification135 dbtr;
  std::optional<CashAccount> dbtr_acct;
  Agent dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  std::optional<Agent> prvs_instg_agt1;
  std::optional<CashAccount> prvs_instg_agt1_acct;
  std::optional<Agent> prvs_instg_agt2;
  std::optional<CashAccount> prvs_instg_agt2_acct;
  std::optional<Agent> prvs_instg_agt3;
  std::optional<CashAccount> prvs_instg_agt3_acct;
  std::optional<Agent> intrmy_agt1;
  std::optional<CashAccount> intrmy_agt1_acct;
  std::optional<Agent> intrmy_agt2;
  std::optional<CashAccount> intrmy_agt2_acct;
  std::optional<Agent> intrmy_agt3;
  std::optional<CashAccount> intrmy_agt3_acct;
  Agent cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  PartyIdentification135 cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<PartyIdentification135> ultmt_cdtr;
  std::vector<InstructionForAgent> instr_for_cdtr_agt;
  std::vector<InstructionForAgent> instr_for_nxt_agt;
  std::optional<RemittanceInformation> rmt_inf;
  std::optional<Amount> instd_amt;
  static constexpr auto Fields() {
    using S = CreditTransferTransaction37;
    return FieldList{Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("InitgPty", &S::initg_pty),
                     Field("Dbtr", &S::dbtr),
                     Field("DbtrAcct", &S::dbtr_acct),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("DbtrAgtAcct", &S::dbtr_agt_acct),
                     Field("PrvsInstgAgt1", &S::prvs_instg_agt1),
                     Field("PrvsInstgAgt1Acct", &S::prvs_instg_agt1_acct),
                     Field("PrvsInstgAgt2", &S::prvs_instg_agt2),
                     Field("PrvsInstgAgt2Acct", &S::prvs_instg_agt2_acct),
                     Field("PrvsInstgAgt3", &S::prvs_instg_agt3),
                     Field("PrvsInstgAgt3Acct", &S::prvs_instg_agt3_acct),
                     Field("IntrmyAgt1", &S::intrmy_agt1),
                     Field("IntrmyAgt1Acct", &S::intrmy_agt1_acct),
                     Field("IntrmyAgt2", &S::intrmy_agt2),
                     Field("IntrmyAgt2Acct", &S::intrmy_agt2_acct),
                     Field("IntrmyAgt3", &S::intrmy_agt3),
                     Field("IntrmyAgt3Acct", &S::intrmy_agt3_acct),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("CdtrAgtAcct", &S::cdtr_agt_acct),
                     Field("Cdtr", &S::cdtr),
                     Field("CdtrAcct", &S::cdtr_acct),
                     Field("UltmtCdtr", &S::ultmt_cdtr),
                     Field("InstrForCdtrAgt", &S::instr_for_cdtr_agt),
                     Field("InstrForNxtAgt", &S::instr_for_nxt_agt),
                     Field("RmtInf", &S::rmt_inf),
                     Field("InstdAmt", &S::instd_amt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditTransferTransaction37&) const = default;
};

// CreditTransferTransaction36.
struct CreditTransferTransaction36 {
  PaymentIdentification7 pmt_id;
  std::optional<PaymentTypeInformation28> pmt_tp_inf;
  Amount intr_bk_sttlm_amt;
  std::optional<std::string> intr_bk_sttlm_dt;
  std::optional<std::string> sttlm_prty;  // URGT HIGH NORM
  std::optional<SettlementDateTimeIndication1> sttlm_tm_indctn;
  std::optional<SettlementTimeRequest2> sttlm_tm_req;
  std::optional<Agent> prvs_instg_agt1;
  std::optional<CashAccount> prvs_instg_agt1_acct;
  std::optional<Agent> prvs_instg_agt2;
  std::optional<CashAccount> prvs_instg_agt2_acct;
  std::optional<Agent> prvs_instg_agt3;
  std::optional<CashAccount> prvs_instg_agt3_acct;
  std::optional<Agent> instg_agt;
  std::optional<Agent> instd_agt;
  std::optional<Agent> intrmy_agt1;
  std::optional<CashAccount> intrmy_agt1_acct;
  std::optional<Agent> intrmy_agt2;
  std::optional<CashAccount> intrmy_agt2_acct;
  std::optional<Agent> intrmy_agt3;
  std::optional<CashAccount> intrmy_agt3_acct;
  std::optional<Agent> ultmt_dbtr;
  Agent dbtr;
  std::optional<CashAccount> dbtr_acct;
  std::optional<Agent> dbtr_agt;
  std::optional<CashAccount> dbtr_agt_acct;
  std::optional<Agent> cdtr_agt;
  std::optional<CashAccount> cdtr_agt_acct;
  Agent cdtr;
  std::optional<CashAccount> cdtr_acct;
  std::optional<Agent> ultmt_cdtr;
  std::vector<InstructionForAgent> instr_for_cdtr_agt;
  std::vector<InstructionForAgent> instr_for_nxt_agt;
  std::optional<CodeOrProprietary> purp;  // Cd: ExternalPurpose1Code
  std::optional<RemittanceInformation2> rmt_inf;
  std::optional<CreditTransferTransaction37> undrlyg_cstmr_cdt_trf;
  static constexpr auto Fields() {
    using S = CreditTransferTransaction36;
    return FieldList{Field("PmtId", &S::pmt_id),
                     Field("PmtTpInf", &S::pmt_tp_inf),
                     Field("IntrBkSttlmAmt", &S::intr_bk_sttlm_amt),
                     Field("IntrBkSttlmDt", &S::intr_bk_sttlm_dt),
                     Field("SttlmPrty", &S::sttlm_prty),
                     Field("SttlmTmIndctn", &S::sttlm_tm_indctn),
                     Field("SttlmTmReq", &S::sttlm_tm_req),
                     Field("PrvsInstgAgt1", &S::prvs_instg_agt1),
                     Field("PrvsInstgAgt1Acct", &S::prvs_instg_agt1_acct),
                     Field("PrvsInstgAgt2", &S::prvs_instg_agt2),
                     Field("PrvsInstgAgt2Acct", &S::prvs_instg_agt2_acct),
                     Field("PrvsInstgAgt3", &S::prvs_instg_agt3),
                     Field("PrvsInstgAgt3Acct", &S::prvs_instg_agt3_acct),
                     Field("InstgAgt", &S::instg_agt),
                     Field("InstdAgt", &S::instd_agt),
                     Field("IntrmyAgt1", &S::intrmy_agt1),
                     Field("IntrmyAgt1Acct", &S::intrmy_agt1_acct),
                     Field("IntrmyAgt2", &S::intrmy_agt2),
                     Field("IntrmyAgt2Acct", &S::intrmy_agt2_acct),
                     Field("IntrmyAgt3", &S::intrmy_agt3),
                     Field("IntrmyAgt3Acct", &S::intrmy_agt3_acct),
                     Field("UltmtDbtr", &S::ultmt_dbtr),
                     Field("Dbtr", &S::dbtr),
                     Field("DbtrAcct", &S::dbtr_acct),
                     Field("DbtrAgt", &S::dbtr_agt),
                     Field("DbtrAgtAcct", &S::dbtr_agt_acct),
                     Field("CdtrAgt", &S::cdtr_agt),
                     Field("CdtrAgtAcct", &S::cdtr_agt_acct),
                     Field("Cdtr", &S::cdtr),
                     Field("CdtrAcct", &S::cdtr_acct),
                     Field("UltmtCdtr", &S::ultmt_cdtr),
                     Field("InstrForCdtrAgt", &S::instr_for_cdtr_agt),
                     Field("InstrForNxtAgt", &S::instr_for_nxt_agt),
                     Field("Purp", &S::purp),
                     Field("RmtInf", &S::rmt_inf),
                     Field("UndrlygCstmrCdtTrf", &S::undrlyg_cstmr_cdt_trf)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditTransferTransaction36&) const = default;
};

// FinancialInstitutionCreditTransferV08.
struct Pacs009 {
  static constexpr std::string_view kRootTag = "FICdtTrf";
  Pacs008GroupHeader grp_hdr;
  std::vector<CreditTransferTransaction36> cdt_trf_tx_inf;
  static constexpr auto Fields() {
    using S = Pacs009;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("CdtTrfTxInf", &S::cdt_trf_tx_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const Pacs009&) const = default;
};

}  // namespace gw::codecs
