// File: codecs/iso20022/builders.cc
#include "codecs/iso20022/builders.h"

namespace gw::codecs {
namespace {

Agent AgentWithBic(const std::string& bic) {
  Agent a;
  a.fin_instn_id.bicfi = bic;
  return a;
}

Party44Choice FiParty(const std::string& bic) {
  Party44Choice p;
  p.fi_id = AgentWithBic(bic);
  return p;
}

AppHdr MakeAppHdr(const Routing& r, std::string_view msg_def_id) {
  AppHdr h;
  h.fr = FiParty(r.from_bic);
  h.to = FiParty(r.to_bic);
  h.biz_msg_idr = r.msg_id;
  h.msg_def_idr = std::string(msg_def_id);
  h.biz_svc = r.business_service;
  h.cre_dt = r.creation_time;
  return h;
}

CashAccount Iban(const std::string& iban) {
  CashAccount a;
  a.id.emplace().iban = iban;
  return a;
}

std::string Cut(std::string_view s, size_t max) {
  // Cut on a UTF-8 character boundary.
  if (s.size() <= max) return std::string(s);
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

StatusReasonInformation12 Reason(const std::optional<std::string>& code,
                                 const std::vector<std::string>& info) {
  StatusReasonInformation12 r;
  if (code) r.rsn.emplace().cd = *code;
  for (const auto& line : info) {
    if (r.addtl_inf.size() == 10) break;
    r.addtl_inf.push_back(Cut(line, 105));
  }
  return r;
}

}  // namespace

Message BuildPacs008(const CreditTransfer& p) {
  Message m;
  m.msg_def_id = p.msg_def_id;
  if (p.routing.with_app_hdr) m.app_hdr = MakeAppHdr(p.routing, p.msg_def_id);
  Pacs008 doc;
  auto& g = doc.grp_hdr;
  g.msg_id = p.routing.msg_id;
  g.cre_dt_tm = p.routing.creation_time;
  g.nb_of_txs = "1";
  g.ttl_intr_bk_sttlm_amt = p.amount;
  g.intr_bk_sttlm_dt = p.settlement_date;
  g.sttlm_inf.sttlm_mtd = p.settlement_method;
  g.instg_agt = AgentWithBic(p.routing.from_bic);
  g.instd_agt = AgentWithBic(p.routing.to_bic);

  CreditTransferTransaction& tx = doc.cdt_trf_tx_inf.emplace_back();
  tx.pmt_id.instr_id = p.instr_id;
  tx.pmt_id.end_to_end_id = p.end_to_end_id;
  tx.pmt_id.tx_id = p.tx_id;
  tx.pmt_id.uetr = p.uetr;
  tx.intr_bk_sttlm_amt = p.amount;
  tx.chrg_br = p.charge_bearer;
  tx.dbtr.nm = p.debtor_name;
  tx.dbtr.pstl_adr = p.debtor_address;
  tx.dbtr_acct = Iban(p.debtor_iban);
  tx.dbtr_agt = AgentWithBic(p.debtor_agent_bic);
  tx.cdtr_agt = AgentWithBic(p.creditor_agent_bic);
  tx.cdtr.nm = p.creditor_name;
  tx.cdtr.pstl_adr = p.creditor_address;
  tx.cdtr_acct = Iban(p.creditor_iban);
  if (!p.remittance_info.empty()) tx.rmt_inf.emplace().ustrd = p.remittance_info;
  m.document = std::move(doc);
  return m;
}

Message BuildPacs002(const StatusReport& s) {
  Message m;
  m.msg_def_id = "pacs.002.001.10";
  if (s.routing.with_app_hdr) m.app_hdr = MakeAppHdr(s.routing, m.msg_def_id);
  Pacs002 doc;
  doc.grp_hdr.msg_id = s.routing.msg_id;
  doc.grp_hdr.cre_dt_tm = s.routing.creation_time;
  doc.grp_hdr.instg_agt = AgentWithBic(s.routing.from_bic);
  doc.grp_hdr.instd_agt = AgentWithBic(s.routing.to_bic);

  OriginalGroupHeader17& og = doc.orgnl_grp_inf_and_sts.emplace_back();
  og.orgnl_msg_id = s.original_msg_id;
  og.orgnl_msg_nm_id = s.original_msg_def_id;
  og.orgnl_cre_dt_tm = s.original_creation_time;
  og.grp_sts = s.group_status;
  if (s.group_reason_code || !s.group_additional_info.empty()) {
    og.sts_rsn_inf.push_back(Reason(s.group_reason_code, s.group_additional_info));
  }
  for (const TransactionStatus& t : s.transactions) {
    PaymentTransaction110& tx = doc.tx_inf_and_sts.emplace_back();
    tx.orgnl_instr_id = t.original_instr_id;
    tx.orgnl_end_to_end_id = t.original_end_to_end_id;
    tx.orgnl_tx_id = t.original_tx_id;
    tx.orgnl_uetr = t.original_uetr;
    tx.tx_sts = t.status;
    if (t.reason_code || !t.additional_info.empty()) {
      tx.sts_rsn_inf.push_back(Reason(t.reason_code, t.additional_info));
    }
  }
  m.document = std::move(doc);
  return m;
}

Message BuildAnswerTo(const Message& original, const Issues& issues, std::string_view ack_status,
                      const Routing& routing) {
  StatusReport s;
  s.routing = routing;
  s.original_msg_def_id = original.msg_def_id;
  const bool reject = !issues.empty();
  std::optional<std::string> reason;
  std::vector<std::string> info;
  if (reject) {
    reason = issues.front().reason_code.empty() ? "FF01" : issues.front().reason_code;
    for (const Issue& i : issues) {
      if (info.size() == 10) break;
      info.push_back(i.rule_id + " " + i.path + ": " + i.message);
    }
  }
  s.group_status = reject ? "RJCT" : std::string(ack_status);
  if (reject) {
    s.group_reason_code = reason;
    s.group_additional_info = info;
  }
  if (const auto* p = std::get_if<Pacs008>(&original.document)) {
    s.original_msg_id = p->grp_hdr.msg_id;
    s.original_creation_time = p->grp_hdr.cre_dt_tm;
    for (const auto& tx : p->cdt_trf_tx_inf) {
      TransactionStatus t;
      t.original_instr_id = tx.pmt_id.instr_id;
      t.original_end_to_end_id = tx.pmt_id.end_to_end_id;
      t.original_tx_id = tx.pmt_id.tx_id;
      t.original_uetr = tx.pmt_id.uetr;
      t.status = *s.group_status;
      t.reason_code = reason;
      s.transactions.push_back(std::move(t));
    }
  } else if (original.app_hdr) {
    s.original_msg_id = original.app_hdr->biz_msg_idr;
  }
  return BuildPacs002(s);
}

}  // namespace gw::codecs
