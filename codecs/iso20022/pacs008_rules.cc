// File: codecs/iso20022/pacs008_rules.cc
#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/validators.h"
#include "codecs/rules.h"

namespace gw::codecs {
namespace {

void CheckOptionalAgent(const std::optional<Agent>& agent, const std::string& base,
                        std::string_view tag, Issues& out) {
  if (agent) CheckAgent(*agent, PathOf(base, tag), out);
}

void CheckOptionalAccount(const std::optional<CashAccount>& account, const std::string& base,
                          std::string_view tag, bool id_optional, Issues& out) {
  if (account) CheckAccount(*account, PathOf(base, tag), id_optional, out);
}

void CheckOptionalParty(const std::optional<PartyIdentification135>& party,
                        const std::string& base, std::string_view tag, Issues& out) {
  if (party) CheckParty(*party, PathOf(base, tag), out);
}

void CheckSettlement(const SettlementInstruction& s, const std::string& path, bool id_optional,
                     Issues& out) {
  Report(out, PathOf(path, "SttlmMtd"), s.sttlm_mtd, CheckCode(s.sttlm_mtd, kSettlementMethodCodes));
  CheckOptionalAccount(s.sttlm_acct, path, "SttlmAcct", id_optional, out);
  CheckOptionalAgent(s.instg_rmbrsmnt_agt, path, "InstgRmbrsmntAgt", out);
  CheckOptionalAccount(s.instg_rmbrsmnt_agt_acct, path, "InstgRmbrsmntAgtAcct", id_optional, out);
  CheckOptionalAgent(s.instd_rmbrsmnt_agt, path, "InstdRmbrsmntAgt", out);
  CheckOptionalAccount(s.instd_rmbrsmnt_agt_acct, path, "InstdRmbrsmntAgtAcct", id_optional, out);
  CheckOptionalAgent(s.thrd_rmbrsmnt_agt, path, "ThrdRmbrsmntAgt", out);
  CheckOptionalAccount(s.thrd_rmbrsmnt_agt_acct, path, "ThrdRmbrsmntAgtAcct", id_optional, out);
}

void CheckRemittance(const RemittanceInformation& r, const std::string& path, Issues& out) {
  for (size_t i = 0; i < r.strd.size(); ++i) {
    std::string sp = PathAt(path, "Strd", i);
    const auto& s = r.strd[i];
    for (size_t k = 0; k < s.rfrd_doc_inf.size(); ++k) {
      CheckDateAt(s.rfrd_doc_inf[k].rltd_dt, PathOf(PathAt(sp, "RfrdDocInf", k), "RltdDt"), out);
    }
    if (s.rfrd_doc_amt) {
      std::string ap = PathOf(sp, "RfrdDocAmt");
      const auto& a = *s.rfrd_doc_amt;
      if (a.due_pybl_amt) CheckNonNegativeAmountAt(*a.due_pybl_amt, PathOf(ap, "DuePyblAmt"), out);
      if (a.cdt_note_amt) CheckNonNegativeAmountAt(*a.cdt_note_amt, PathOf(ap, "CdtNoteAmt"), out);
      if (a.rmtd_amt) CheckNonNegativeAmountAt(*a.rmtd_amt, PathOf(ap, "RmtdAmt"), out);
    }
    CheckOptionalParty(s.invcr, sp, "Invcr", out);
    CheckOptionalParty(s.invcee, sp, "Invcee", out);
  }
}

void CheckTransaction(const CreditTransferTransaction& tx, const std::string& p,
                      const Pacs008GroupHeader& grp, bool id_optional, Issues& out) {
  std::string pmt_id = PathOf(p, "PmtId");
  if (tx.pmt_id.uetr) Report(out, PathOf(pmt_id, "UETR"), *tx.pmt_id.uetr, CheckUuidV4(*tx.pmt_id.uetr));
  CheckAmountAt(tx.intr_bk_sttlm_amt, PathOf(p, "IntrBkSttlmAmt"), out);
  CheckDateAt(tx.intr_bk_sttlm_dt, PathOf(p, "IntrBkSttlmDt"), out);
  if (!tx.intr_bk_sttlm_dt && !grp.intr_bk_sttlm_dt) {
    AddIssue(out, "GRP-004", "DT01", PathOf(p, "IntrBkSttlmDt"), "",
             "the interbank settlement date is missing: give it in the group header or in the "
             "transaction");
  }
  if (tx.sttlm_tm_indctn) {
    std::string sp = PathOf(p, "SttlmTmIndctn");
    CheckDateTimeAt(tx.sttlm_tm_indctn->dbt_dt_tm, PathOf(sp, "DbtDtTm"), out);
    CheckDateTimeAt(tx.sttlm_tm_indctn->cdt_dt_tm, PathOf(sp, "CdtDtTm"), out);
  }
  CheckDateTimeAt(tx.accptnc_dt_tm, PathOf(p, "AccptncDtTm"), out);
  CheckDateAt(tx.poolg_adjstmnt_dt, PathOf(p, "PoolgAdjstmntDt"), out);
  if (tx.instd_amt) CheckAmountAt(*tx.instd_amt, PathOf(p, "InstdAmt"), out);
  Report(out, PathOf(p, "ChrgBr"), tx.chrg_br, CheckCode(tx.chrg_br, kChargeBearerCodes));
  for (size_t i = 0; i < tx.chrgs_inf.size(); ++i) {
    std::string cp = PathAt(p, "ChrgsInf", i);
    CheckNonNegativeAmountAt(tx.chrgs_inf[i].amt, PathOf(cp, "Amt"), out);
    CheckAgent(tx.chrgs_inf[i].agt, PathOf(cp, "Agt"), out);
  }
  CheckOptionalAgent(tx.prvs_instg_agt1, p, "PrvsInstgAgt1", out);
  CheckOptionalAccount(tx.prvs_instg_agt1_acct, p, "PrvsInstgAgt1Acct", id_optional, out);
  CheckOptionalAgent(tx.prvs_instg_agt2, p, "PrvsInstgAgt2", out);
  CheckOptionalAccount(tx.prvs_instg_agt2_acct, p, "PrvsInstgAgt2Acct", id_optional, out);
  CheckOptionalAgent(tx.prvs_instg_agt3, p, "PrvsInstgAgt3", out);
  CheckOptionalAccount(tx.prvs_instg_agt3_acct, p, "PrvsInstgAgt3Acct", id_optional, out);
  CheckOptionalAgent(tx.instg_agt, p, "InstgAgt", out);
  CheckOptionalAgent(tx.instd_agt, p, "InstdAgt", out);
  CheckOptionalAgent(tx.intrmy_agt1, p, "IntrmyAgt1", out);
  CheckOptionalAccount(tx.intrmy_agt1_acct, p, "IntrmyAgt1Acct", id_optional, out);
  CheckOptionalAgent(tx.intrmy_agt2, p, "IntrmyAgt2", out);
  CheckOptionalAccount(tx.intrmy_agt2_acct, p, "IntrmyAgt2Acct", id_optional, out);
  CheckOptionalAgent(tx.intrmy_agt3, p, "IntrmyAgt3", out);
  CheckOptionalAccount(tx.intrmy_agt3_acct, p, "IntrmyAgt3Acct", id_optional, out);
  CheckOptionalParty(tx.ultmt_dbtr, p, "UltmtDbtr", out);
  CheckOptionalParty(tx.initg_pty, p, "InitgPty", out);
  CheckParty(tx.dbtr, PathOf(p, "Dbtr"), out);
  CheckOptionalAccount(tx.dbtr_acct, p, "DbtrAcct", id_optional, out);
  CheckAgent(tx.dbtr_agt, PathOf(p, "DbtrAgt"), out);
  CheckOptionalAccount(tx.dbtr_agt_acct, p, "DbtrAgtAcct", id_optional, out);
  CheckAgent(tx.cdtr_agt, PathOf(p, "CdtrAgt"), out);
  CheckOptionalAccount(tx.cdtr_agt_acct, p, "CdtrAgtAcct", id_optional, out);
  CheckParty(tx.cdtr, PathOf(p, "Cdtr"), out);
  CheckOptionalAccount(tx.cdtr_acct, p, "CdtrAcct", id_optional, out);
  CheckOptionalParty(tx.ultmt_cdtr, p, "UltmtCdtr", out);
  if (tx.rmt_inf) CheckRemittance(*tx.rmt_inf, PathOf(p, "RmtInf"), out);
}

}  // namespace

void ValidatePacs008(const Pacs008& doc, const MessageType& type, Issues& out) {
  const std::string root = "/Document/FIToFICstmrCdtTrf";
  const std::string gp = PathOf(root, "GrpHdr");
  const auto& grp = doc.grp_hdr;
  const bool id_optional = type.traits.account_id_optional;

  Report(out, PathOf(gp, "CreDtTm"), grp.cre_dt_tm, CheckIsoDateTime(grp.cre_dt_tm));
  std::string count = std::to_string(doc.cdt_trf_tx_inf.size());
  if (grp.nb_of_txs != count) {
    AddIssue(out, "GRP-001", "AM18", PathOf(gp, "NbOfTxs"), grp.nb_of_txs,
             "NbOfTxs says " + grp.nb_of_txs + " but the message has " + count +
                 " transaction(s)");
  }
  // Sums of the transaction amounts (CtrlSum ignores currencies; the total does not).
  std::optional<Decimal> sum = Decimal();
  bool one_currency = true;
  for (const auto& tx : doc.cdt_trf_tx_inf) {
    if (sum) sum = Decimal::Add(*sum, tx.intr_bk_sttlm_amt.value);
    if (tx.intr_bk_sttlm_amt.ccy != doc.cdt_trf_tx_inf.front().intr_bk_sttlm_amt.ccy) {
      one_currency = false;
    }
  }
  if (grp.ctrl_sum && (!sum || !grp.ctrl_sum->NumericallyEquals(*sum))) {
    AddIssue(out, "GRP-002", "AM10", PathOf(gp, "CtrlSum"), grp.ctrl_sum->ToString(),
             "CtrlSum " + grp.ctrl_sum->ToString() + " differs from the sum of the interbank "
             "settlement amounts, " + (sum ? sum->ToString() : std::string("(overflow)")));
  }
  if (grp.ttl_intr_bk_sttlm_amt) {
    const Amount& total = *grp.ttl_intr_bk_sttlm_amt;
    std::string tp = PathOf(gp, "TtlIntrBkSttlmAmt");
    CheckAmountAt(total, tp, out);
    if (!doc.cdt_trf_tx_inf.empty() &&
        (!one_currency || doc.cdt_trf_tx_inf.front().intr_bk_sttlm_amt.ccy != total.ccy)) {
      AddIssue(out, "GRP-003", "AM10", tp, total.ccy,
               "TtlIntrBkSttlmAmt is in " + total.ccy +
                   " but the transactions are not all settled in that currency");
    } else if (!sum || !total.value.NumericallyEquals(*sum)) {
      AddIssue(out, "GRP-003", "AM10", tp, total.value.ToString(),
               "TtlIntrBkSttlmAmt " + total.value.ToString() +
                   " differs from the sum of the interbank settlement amounts, " +
                   (sum ? sum->ToString() : std::string("(overflow)")));
    }
  }
  CheckDateAt(grp.intr_bk_sttlm_dt, PathOf(gp, "IntrBkSttlmDt"), out);
  CheckSettlement(grp.sttlm_inf, PathOf(gp, "SttlmInf"), id_optional, out);
  CheckOptionalAgent(grp.instg_agt, gp, "InstgAgt", out);
  CheckOptionalAgent(grp.instd_agt, gp, "InstdAgt", out);

  for (size_t i = 0; i < doc.cdt_trf_tx_inf.size(); ++i) {
    CheckTransaction(doc.cdt_trf_tx_inf[i], PathAt(root, "CdtTrfTxInf", i), grp, id_optional, out);
  }
}

}  // namespace gw::codecs
