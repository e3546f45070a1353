// File: codecs/iso20022/ext_rules.h
//
// Rules shared by the validators of pacs.004, pacs.009, camt.029, camt.053, camt.054,
// camt.056 and pain.001 (on top of codecs/rules.h and component_rules.h), and the
// ISO 20022 code sets those messages use. Each Check* appends Issues at `path`.
//
// Rule ids introduced here (catalogue in codecs/README.md):
//   CHC-001  a choice (Party40Choice, ...) with no or several alternatives set  FF01
//   REF-001  no reference to the original transaction (Orgnl EndToEndId, TxId,
//            UETR or InstrId)                                              FF01
//   RSN-001  a return / cancellation / rejection without a reason          FF01
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/decimal.h"
#include "codecs/issue.h"
#include "codecs/iso20022/ext_components.h"
#include "codecs/rules.h"

namespace gw::codecs {

// ExternalReturnReason1Code (pacs.004 RtrRsnInf/Rsn/Cd, camt.05x RtrInf).
extern const CodeSet kReturnReasonCodes;
// ExternalCancellationReason1Code (camt.056 CxlRsnInf/Rsn/Cd).
extern const CodeSet kCancellationReasonCodes;
// ExternalInvestigationExecutionConfirmation1Code (camt.029 Sts/Conf).
extern const CodeSet kInvestigationConfirmationCodes;
// ExternalPaymentCancellationRejection1Code (camt.029 CxlStsRsnInf/Rsn/Cd).
extern const CodeSet kCancellationRejectionCodes;
// ExternalPaymentModificationRejection1Code: UM01..UM28 (camt.029 Sts/RjctdMod, ModStsRsnInf).
extern const CodeSet kModificationRejectionCodes;
// CancellationIndividualStatus1Code: RJCR ACCR PDCR.
extern const CodeSet kCancellationIndividualStatusCodes;
// TransactionIndividualStatus1Code: ACTC RJCT PDNG ACCP ACSP ACSC ACCR ACWC
// (camt.029.001.09 OrgnlGrpInfAndSts/NbOfTxsPerCxlSts/DtldSts).
extern const CodeSet kTransactionIndividualStatusCodes;
// GroupCancellationStatus1Code: PACR RJCR ACCR PDCR.
extern const CodeSet kGroupCancellationStatusCodes;
// ExternalBalanceType1Code (camt.053 Bal/Tp/CdOrPrtry/Cd).
extern const CodeSet kBalanceTypeCodes;
// ExternalEntryStatus1Code (camt.053/054 Ntry/Sts/Cd).
extern const CodeSet kEntryStatusCodes;
// ExternalBankTransactionDomain1Code (BkTxCd/Domn/Cd).
extern const CodeSet kBankTransactionDomainCodes;
// CreditDebitCode: CRDT DBIT.
extern const CodeSet kCreditDebitCodes;
// PaymentMethod3Code: CHK TRF TRA.
extern const CodeSet kPaymentMethodCodes;
// Priority2Code: HIGH NORM.
extern const CodeSet kPriorityCodes;
// ClearingChannel2Code: RTGS RTNS MPNS BOOK.
extern const CodeSet kClearingChannelCodes;

// Reports `code` (when present) against `set` at `path`.
void CheckCodeAt(const std::optional<std::string>& code, const CodeSet& set,
                 const std::string& path, Issues& out);
void CheckUetrAt(const std::optional<std::string>& uetr, const std::string& path, Issues& out);

void CheckOptionalAgentAt(const std::optional<Agent>& agent, const std::string& path,
                          Issues& out);
void CheckOptionalPartyAt(const std::optional<PartyIdentification135>& party,
                          const std::string& path, Issues& out);
// CashAccount38: Id is mandatory there (ACCT-001).
void CheckOptionalAccountAt(const std::optional<CashAccount>& account, const std::string& path,
                            Issues& out);
// CashAccount39: the account checks plus owner (party) and servicer (agent).
void CheckAccount39(const CashAccount39& account, const std::string& path, Issues& out);
// Exactly one of Pty / Agt (CHC-001), then the party or agent checks.
void CheckParty40(const Party40Choice& choice, const std::string& path, Issues& out);
void CheckOptionalParty40At(const std::optional<Party40Choice>& choice, const std::string& path,
                            Issues& out);
void CheckSettlementInstruction(const SettlementInstruction& s, const std::string& path,
                                Issues& out);
void CheckPaymentTypeInformation(const PaymentTypeInformation28& p, const std::string& path,
                                 Issues& out);
void CheckOptionalAmountAt(const std::optional<Amount>& amount, const std::string& path,
                           Issues& out);
void CheckOptionalNonNegativeAmountAt(const std::optional<Amount>& amount,
                                      const std::string& path, Issues& out);
void CheckCharges7(const std::vector<Charges7>& charges, const std::string& base,
                   std::string_view tag, Issues& out);
// OriginalTransactionReference28: amounts, dates, settlement, parties, agents, accounts.
void CheckOriginalTransactionReference(const OriginalTransactionReference28& ref,
                                       const std::string& path, Issues& out);
void CheckOriginalGroupInformation(const OriginalGroupInformation29& info,
                                   const std::string& path, Issues& out);
// Orgtr party checks and Rsn/Cd in `codes` (when a code, not a proprietary reason).
void CheckReason(const ReasonInformation& reason, const CodeSet& codes, const std::string& path,
                 Issues& out);
// True when some entry of `reasons` carries Rsn (Cd or Prtry).
bool HasReason(const std::vector<ReasonInformation>& reasons);
void CheckCase(const Case5& c, const std::string& path, Issues& out);
void CheckCaseAssignment(const CaseAssignment5& a, const std::string& path, Issues& out);
// REF-001: at least one of the original identifiers is present and not empty.
void CheckOriginalReference(std::initializer_list<const std::optional<std::string>*> refs,
                            const std::string& path, Issues& out);

// GRP-001: `nb_of_txs` (Max15NumericText) equals `actual`.
void CheckNumberOfTransactions(const std::string& nb_of_txs, size_t actual,
                               const std::string& path, Issues& out);
// GRP-002: `ctrl_sum` equals the exact sum of `values` (nothing reported when a sum
// overflows; the amounts' own checks cover absurd values).
void CheckControlSum(const Decimal& ctrl_sum, std::span<const Decimal> values,
                     const std::string& path, Issues& out);
// The exact sum, or nullopt on overflow.
std::optional<Decimal> Sum(std::span<const Decimal> values);

}  // namespace gw::codecs
