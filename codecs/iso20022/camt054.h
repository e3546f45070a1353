// File: codecs/iso20022/camt054.h
//
// camt.054 BankToCustomerDebitCreditNotification (version 001.08).
// Plain values, freely copyable; the business rules are in camt054_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// AccountNotification17.
struct AccountNotification17 {
  std::string id;
  std::optional<Pagination1> ntfctn_pgntn;
  std::optional<Decimal> elctrnc_seq_nb;
  std::optional<SequenceRange1Choice> rptg_seq;
  std::optional<Decimal> lgl_seq_nb;
  std::optional<std::string> cre_dt_tm;
  std::optional<DateTimePeriod1> fr_to_dt;
  std::optional<std::string> cpy_dplct_ind;  // CODU COPY DUPL
  std::optional<CodeOrProprietary> rptg_src;  // Cd: ExternalReportingSource1Code
  CashAccount39 acct;
  std::optional<CashAccount> rltd_acct;
  std::vector<AccountInterest4> intrst;
  std::optional<TotalTransactions6> txs_summry;
  std::vector<ReportEntry10> ntry;
  std::optional<std::string> addtl_ntfctn_inf;
  static constexpr auto Fields() {
    using S = AccountNotification17;
    return FieldList{Field("Id", &S::id),
                     Field("NtfctnPgntn", &S::ntfctn_pgntn),
                     Field("ElctrncSeqNb", &S::elctrnc_seq_nb),
                     Field("RptgSeq", &S::rptg_seq),
                     Field("LglSeqNb", &S::lgl_seq_nb),
                     Field("CreDtTm", &S::cre_dt_tm),
                     Field("FrToDt", &S::fr_to_dt),
                     Field("CpyDplctInd", &S::cpy_dplct_ind),
                     Field("RptgSrc", &S::rptg_src),
                     Field("Acct", &S::acct),
                     Field("RltdAcct", &S::rltd_acct),
                     Field("Intrst", &S::intrst),
                     Field("TxsSummry", &S::txs_summry),
                     Field("Ntry", &S::ntry),
                     Field("AddtlNtfctnInf", &S::addtl_ntfctn_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const AccountNotification17&) const = default;
};

// BankToCustomerDebitCreditNotificationV08.
struct Camt054 {
  static constexpr std::string_view kRootTag = "BkToCstmrDbtCdtNtfctn";
  ReportGroupHeader grp_hdr;
  std::vector<AccountNotification17> ntfctn;
  static constexpr auto Fields() {
    using S = Camt054;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("Ntfctn", &S::ntfctn)};
  }
  Unmodelled unmodelled;
  bool operator==(const Camt054&) const = default;
};

}  // namespace gw::codecs
