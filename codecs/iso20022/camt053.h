// File: codecs/iso20022/camt053.h
//
// camt.053 BankToCustomerStatement (version 001.08).
// Plain values, freely copyable; the business rules are in camt053_rules.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/iso20022/ext_components.h"

namespace gw::codecs {

// BalanceType13.
struct BalanceType13 {
  CodeOrProprietary cd_or_prtry;  // Cd: ExternalBalanceType1Code
  std::optional<CodeOrProprietary> sub_tp;  // Cd: ExternalBalanceSubType1Code
  static constexpr auto Fields() {
    using S = BalanceType13;
    return FieldList{Field("CdOrPrtry", &S::cd_or_prtry),
                     Field("SubTp", &S::sub_tp)};
  }
  Unmodelled unmodelled;
  bool operator==(const BalanceType13&) const = default;
};

// CreditLine3.
struct CreditLine3 {
  bool incl;
  std::optional<CodeOrProprietary> tp;  // Cd: ExternalCreditLineType1Code
  std::optional<Amount> amt;
  std::optional<DateAndDateTime2Choice> dt;
  static constexpr auto Fields() {
    using S = CreditLine3;
    return FieldList{Field("Incl", &S::incl),
                     Field("Tp", &S::tp),
                     Field("Amt", &S::amt),
                     Field("Dt", &S::dt)};
  }
  Unmodelled unmodelled;
  bool operator==(const CreditLine3&) const = default;
};

// CashBalance8.
struct CashBalance8 {
  BalanceType13 tp;
  std::vector<CreditLine3> cdt_line;
  Amount amt;
  std::string cdt_dbt_ind;  // CRDT DBIT
  DateAndDateTime2Choice dt;
  std::vector<CashAvailability1> avlbty;
  static constexpr auto Fields() {
    using S = CashBalance8;
    return FieldList{Field("Tp", &S::tp),
                     Field("CdtLine", &S::cdt_line),
                     Field("Amt", &S::amt),
                     Field("CdtDbtInd", &S::cdt_dbt_ind),
                     Field("Dt", &S::dt),
                     Field("Avlbty", &S::avlbty)};
  }
  Unmodelled unmodelled;
  bool operator==(const CashBalance8&) const = default;
};

// AccountStatement9.
struct AccountStatement9 {
  std::string id;
  std::optional<Pagination1> stmt_pgntn;
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
  std::vector<CashBalance8> bal;
  std::optional<TotalTransactions6> txs_summry;
  std::vector<ReportEntry10> ntry;
  std::optional<std::string> addtl_stmt_inf;
  static constexpr auto Fields() {
    using S = AccountStatement9;
    return FieldList{Field("Id", &S::id),
                     Field("StmtPgntn", &S::stmt_pgntn),
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
                     Field("Bal", &S::bal),
                     Field("TxsSummry", &S::txs_summry),
                     Field("Ntry", &S::ntry),
                     Field("AddtlStmtInf", &S::addtl_stmt_inf)};
  }
  Unmodelled unmodelled;
  bool operator==(const AccountStatement9&) const = default;
};

// BankToCustomerStatementV08.
struct Camt053 {
  static constexpr std::string_view kRootTag = "BkToCstmrStmt";
  ReportGroupHeader grp_hdr;
  std::vector<AccountStatement9> stmt;
  static constexpr auto Fields() {
    using S = Camt053;
    return FieldList{Field("GrpHdr", &S::grp_hdr),
                     Field("Stmt", &S::stmt)};
  }
  Unmodelled unmodelled;
  bool operator==(const Camt053&) const = default;
};

}  // namespace gw::codecs
