// QuickFIX's message store in PostgreSQL, and the status outbox of FIX
// payments, against a real database with gatewayd's rights (the runtime role).
#include "gateway/fix/pg_message_store.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <pqxx/pqxx>
#include <stdexcept>

#include "tests/support/test_env.h"

namespace gw::fix {
namespace {

FIX::SessionID Desk1() { return FIX::SessionID("FIX.4.4", "GATEWAY", "DESK1"); }
FIX::SessionID Desk2() { return FIX::SessionID("FIX.4.4", "GATEWAY", "DESK2"); }

// A migrated database, and a pool on it as the runtime role.
struct StoreDb {
  test::TestDatabase db;
  pg::PgPool pool{pg::PoolOptions{db.runtime_url(), 2}};

  std::string Scalar(const std::string& sql) const { return db.Scalar(sql); }
};

std::vector<std::string> Get(const PgMessageStore& store, int begin, int end) {
  std::vector<std::string> out{"left over"};
  store.get(begin, end, out);
  return out;
}

// A FIX message body as QuickFIX stores it: fields separated by SOH.
std::string Msg(int seq, const std::string& text) {
  return "8=FIX.4.4\x01" "35=8\x01" "34=" + std::to_string(seq) + "\x01" "58=" + text + "\x01";
}

// Runs `sql` with `params` as the runtime role; "" or the error.
template <class... Args>
std::string AsRuntime(const StoreDb& s, const std::string& sql, Args&&... params) {
  try {
    pqxx::connection c(s.db.runtime_url());
    pqxx::work w(c);
    w.exec_params(sql, std::forward<Args>(params)...);
    w.commit();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Inserts a payment the way the pipeline does (status INITIATED or REJECTED, as
// the runtime role) and returns its id.
std::string InsertPayment(const StoreDb& s, const std::string& source, const std::string& status = "INITIATED") {
  const std::string id = s.Scalar("SELECT gen_random_uuid()");
  const std::string error = AsRuntime(
      s,
      "INSERT INTO payments (id, status, source, idempotency_key, end_to_end_id, uetr, debtor_name, debtor_account, "
      "  debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, currency, created_by, "
      "  reason_code, reason) "
      "VALUES ($1::uuid, $2::text, $3, $1::text, 'E2E-' || $1::text, gen_random_uuid(), 'Alice Example GmbH', "
      "  'DE89370400440532013000', 'DEUTDEFF', 'Bob Example', 'DE44500105175407324931', 'BANKDEFF', 12500, 'EUR', "
      "  'fix:test', CASE WHEN $2::text = 'REJECTED' THEN 'AC01' END, "
      "  CASE WHEN $2::text = 'REJECTED' THEN 'bad account' END)",
      id, status, source);
  REQUIRE(error.empty());
  return id;
}

// Moves a payment one hop, with its history row first, as the pipeline does.
void Move(const StoreDb& s, const std::string& id, const std::string& from, const std::string& to,
          const std::string& reason_code = "") {
  pqxx::connection c(s.db.runtime_url());
  pqxx::work w(c);
  w.exec_params("INSERT INTO payment_history (payment_id, from_status, to_status, actor) "
                "VALUES ($1::uuid, $2, $3, 'test')",
                id, from, to);
  auto r = w.exec_params("UPDATE payments SET status = $3, reason_code = nullif($4::text, ''), updated_at = now() "
                         "WHERE id = $1::uuid AND status = $2::text",
                         id, from, to, reason_code);
  REQUIRE(r.affected_rows() == 1);
  w.commit();
}

// The payment's queued statuses: "session status reason_code", in order.
std::string Outbox(const StoreDb& s, const std::string& payment_id) {
  return s.Scalar("SELECT coalesce(string_agg(session || ' ' || status || ' ' || coalesce(reason_code, '-'), ', ' "
                  "ORDER BY id), '') FROM fix_status_outbox WHERE payment_id = '" + payment_id + "'");
}

TEST_CASE("a new PostgreSQL FIX store starts at sequence numbers 1 and 1, created now", "[fix][db]") {
  StoreDb s;
  PgMessageStore store(s.pool, Desk1());
  CHECK(store.session_key() == "FIX.4.4:GATEWAY->DESK1");
  CHECK(store.getNextSenderMsgSeqNum() == 1);
  CHECK(store.getNextTargetMsgSeqNum() == 1);
  CHECK(std::abs(FIX::UtcTimeStamp() - store.getCreationTime()) <= 60);
  CHECK(Get(store, 1, 100).empty());
  CHECK(s.Scalar("SELECT next_sender_seq || '/' || next_target_seq FROM fix_store_sessions "
                 "WHERE session_key = 'FIX.4.4:GATEWAY->DESK1'") == "1/1");
}

TEST_CASE("the PostgreSQL FIX store returns stored messages in sequence order", "[fix][db]") {
  StoreDb s;
  PgMessageStore store(s.pool, Desk1());
  CHECK(store.set(3, Msg(3, "third")));
  CHECK(store.set(1, Msg(1, "first")));
  CHECK(store.set(2, Msg(2, "second")));
  CHECK(Get(store, 1, 3) == std::vector<std::string>{Msg(1, "first"), Msg(2, "second"), Msg(3, "third")});
  CHECK(Get(store, 2, 2) == std::vector<std::string>{Msg(2, "second")});
  CHECK(Get(store, 3, 9) == std::vector<std::string>{Msg(3, "third")});
  CHECK(Get(store, 4, 9).empty());
  // A message stored again under its number (a resend) replaces the first.
  CHECK(store.set(2, Msg(2, "second again")));
  CHECK(Get(store, 2, 2) == std::vector<std::string>{Msg(2, "second again")});
  // set() moves the stored next number past the message at once (a crash before
  // QuickFIX's incrNextSenderMsgSeqNum() cannot reuse it); memory waits for incr.
  CHECK(store.getNextSenderMsgSeqNum() == 1);
  CHECK(s.Scalar("SELECT next_sender_seq FROM fix_store_sessions") == "4");
  store.incrNextSenderMsgSeqNum();
  CHECK(store.getNextSenderMsgSeqNum() == 2);
}

TEST_CASE("FIX sequence numbers and messages survive a restart, and refresh reloads them", "[fix][db]") {
  StoreDb s;
  FIX::UtcTimeStamp created;
  {
    PgMessageStore store(s.pool, Desk1());
    created = store.getCreationTime();
    for (int seq = 1; seq <= 2; ++seq) {  // as QuickFIX persists a sent message
      store.set(seq, Msg(seq, "sent"));
      store.incrNextSenderMsgSeqNum();
    }
    store.incrNextTargetMsgSeqNum();
    store.incrNextTargetMsgSeqNum();
    store.setNextTargetMsgSeqNum(7);
    CHECK(store.getNextSenderMsgSeqNum() == 3);
    CHECK(store.getNextTargetMsgSeqNum() == 7);
  }
  PgMessageStore again(s.pool, Desk1());
  CHECK(again.getNextSenderMsgSeqNum() == 3);
  CHECK(again.getNextTargetMsgSeqNum() == 7);
  CHECK(again.getCreationTime() == created);
  CHECK(Get(again, 1, 2) == std::vector<std::string>{Msg(1, "sent"), Msg(2, "sent")});

  again.setNextSenderMsgSeqNum(10);
  CHECK(s.Scalar("SELECT next_sender_seq FROM fix_store_sessions") == "10");
  s.Scalar("UPDATE fix_store_sessions SET next_sender_seq = 12, next_target_seq = 9");
  CHECK(again.getNextSenderMsgSeqNum() == 10);
  again.refresh();
  CHECK(again.getNextSenderMsgSeqNum() == 12);
  CHECK(again.getNextTargetMsgSeqNum() == 9);
}

TEST_CASE("resetting a FIX store deletes its messages and starts again at 1", "[fix][db]") {
  StoreDb s;
  PgMessageStore store(s.pool, Desk1());
  s.Scalar("UPDATE fix_store_sessions SET creation_time = now() - interval '1 day'");
  store.refresh();
  const FIX::UtcTimeStamp before = store.getCreationTime();
  for (int seq = 1; seq <= 3; ++seq) {
    store.set(seq, Msg(seq, "sent"));
    store.incrNextSenderMsgSeqNum();
  }
  store.setNextTargetMsgSeqNum(5);
  store.reset();
  CHECK(store.getNextSenderMsgSeqNum() == 1);
  CHECK(store.getNextTargetMsgSeqNum() == 1);
  CHECK(store.getCreationTime() - before >= 86400 - 60);
  CHECK(std::abs(FIX::UtcTimeStamp() - store.getCreationTime()) <= 60);
  CHECK(Get(store, 1, 100).empty());
  CHECK(s.Scalar("SELECT count(*) FROM fix_store_messages") == "0");
  PgMessageStore again(s.pool, Desk1());
  CHECK(again.getNextSenderMsgSeqNum() == 1);
  CHECK(again.getNextTargetMsgSeqNum() == 1);
  CHECK(again.getCreationTime() == store.getCreationTime());
}

TEST_CASE("two FIX sessions do not see each other's messages or sequence numbers", "[fix][db]") {
  StoreDb s;
  PgMessageStore one(s.pool, Desk1());
  PgMessageStore two(s.pool, Desk2());
  one.set(1, Msg(1, "to desk 1"));
  one.incrNextSenderMsgSeqNum();
  two.set(1, Msg(1, "to desk 2"));
  two.set(2, Msg(2, "to desk 2"));
  CHECK(Get(one, 1, 10) == std::vector<std::string>{Msg(1, "to desk 1")});
  CHECK(Get(two, 1, 10) == std::vector<std::string>{Msg(1, "to desk 2"), Msg(2, "to desk 2")});
  two.reset();
  CHECK(Get(two, 1, 10).empty());
  CHECK(Get(one, 1, 10) == std::vector<std::string>{Msg(1, "to desk 1")});
  CHECK(PgMessageStore(s.pool, Desk1()).getNextSenderMsgSeqNum() == 2);
}

TEST_CASE("a FIX send hook's statements commit with the stored message, once", "[fix][db]") {
  StoreDb s;
  const std::string payment = InsertPayment(s, "fix:desk1");
  const std::string outbox_id = s.Scalar("SELECT id FROM fix_status_outbox WHERE payment_id = '" + payment + "'");
  REQUIRE_FALSE(outbox_id.empty());
  PgMessageStore store(s.pool, Desk1());
  PgMessageStore other(s.pool, Desk2());
  int runs = 0;
  {
    PgMessageStore::SendHook hook(Desk1(), [&](pqxx::dbtransaction& txn, int seq) {
      ++runs;
      auto r = txn.exec_params("UPDATE fix_status_outbox SET sent_seq = $2, sent_at = now() "
                               "WHERE id = $1 AND sent_seq IS NULL",
                               outbox_id, seq);
      if (r.affected_rows() != 1) throw std::runtime_error("status report already sent");
    });
    other.set(1, Msg(1, "another session's message"));  // not this hook's session
    CHECK(runs == 0);
    CHECK_FALSE(hook.committed());
    store.set(1, Msg(1, "status report"));
    CHECK(runs == 1);
    CHECK(hook.committed());
    CHECK(hook.seq() == 1);
    store.incrNextSenderMsgSeqNum();
    store.set(2, Msg(2, "heartbeat"));  // the hook is spent
    CHECK(runs == 1);
  }
  CHECK(s.Scalar("SELECT sent_seq || ' ' || (sent_at IS NOT NULL) FROM fix_status_outbox WHERE id = " + outbox_id) ==
        "1 true");
  CHECK(Get(store, 1, 1) == std::vector<std::string>{Msg(1, "status report")});
  store.set(3, Msg(3, "after the hook's scope"));
  CHECK(runs == 1);
}

TEST_CASE("a FIX send hook that throws rolls the stored message back", "[fix][db]") {
  StoreDb s;
  const std::string payment = InsertPayment(s, "fix:desk1");
  const std::string outbox_id = s.Scalar("SELECT id FROM fix_status_outbox WHERE payment_id = '" + payment + "'");
  PgMessageStore store(s.pool, Desk1());
  {
    PgMessageStore::SendHook hook(Desk1(), [&](pqxx::dbtransaction& txn, int seq) {
      txn.exec_params("UPDATE fix_status_outbox SET sent_seq = $2, sent_at = now() WHERE id = $1", outbox_id, seq);
      throw std::runtime_error("the report cannot be sent");
    });
    CHECK_THROWS_AS(store.set(1, Msg(1, "status report")), FIX::IOException);
    CHECK_FALSE(hook.committed());
    // Disarmed by the failed attempt: the next message is not the report.
    store.set(1, Msg(1, "another message"));
    CHECK_FALSE(hook.committed());
  }
  CHECK(s.Scalar("SELECT sent_seq IS NULL AND sent_at IS NULL FROM fix_status_outbox WHERE id = " + outbox_id) == "t");
  CHECK(Get(store, 1, 1) == std::vector<std::string>{Msg(1, "another message")});

  // A failing hook leaves neither the message nor the moved sequence number.
  PgMessageStore other(s.pool, Desk2());
  {
    PgMessageStore::SendHook hook(Desk2(), [](pqxx::dbtransaction&, int) { throw std::runtime_error("hook refused"); });
    try {
      other.set(1, Msg(1, "status report"));
      FAIL("set() did not throw");
    } catch (const FIX::IOException& e) {
      const std::string what = e.what();
      CHECK(what.find("storing message 1") != std::string::npos);
      CHECK(what.find("FIX.4.4:GATEWAY->DESK2") != std::string::npos);
      CHECK(what.find("hook refused") != std::string::npos);
    }
  }
  {  // whatever the hook throws, QuickFIX gets the one exception its store may throw
    PgMessageStore::SendHook hook(Desk2(), [](pqxx::dbtransaction&, int) { throw 42; });
    CHECK_THROWS_AS(other.set(1, Msg(1, "status report")), FIX::IOException);
  }
  CHECK(Get(other, 1, 1).empty());
  CHECK(s.Scalar("SELECT next_sender_seq FROM fix_store_sessions WHERE session_key = 'FIX.4.4:GATEWAY->DESK2'") ==
        "1");
  CHECK(other.getNextSenderMsgSeqNum() == 1);

  // After a failure the store re-reads its numbers: had the message been stored
  // after all (a connection lost during COMMIT, as if here), the next message
  // does not take its number.
  s.Scalar("UPDATE fix_store_sessions SET next_sender_seq = 2 WHERE session_key = 'FIX.4.4:GATEWAY->DESK2'");
  {
    PgMessageStore::SendHook hook(Desk2(), [](pqxx::dbtransaction&, int) { throw std::runtime_error("lost"); });
    CHECK_THROWS_AS(other.set(1, Msg(1, "status report")), FIX::IOException);
  }
  CHECK(other.getNextSenderMsgSeqNum() == 2);
}

TEST_CASE("payments from FIX queue their status changes for their session, others do not", "[fix][db]") {
  StoreDb s;
  const std::string fix = InsertPayment(s, "fix:desk1");
  CHECK(Outbox(s, fix) == "desk1 INITIATED -");
  Move(s, fix, "INITIATED", "SCREENING");  // not a status the counterparty hears of
  CHECK(Outbox(s, fix) == "desk1 INITIATED -");
  Move(s, fix, "SCREENING", "COMPLIANCE_HOLD");
  CHECK(AsRuntime(s, "UPDATE payments SET attempts = attempts + 1, status = status WHERE id = $1::uuid", fix).empty());
  Move(s, fix, "COMPLIANCE_HOLD", "REJECTED", "RR04");
  CHECK(Outbox(s, fix) == "desk1 INITIATED -, desk1 COMPLIANCE_HOLD -, desk1 REJECTED RR04");

  const std::string rejected = InsertPayment(s, "fix:desk2", "REJECTED");
  CHECK(Outbox(s, rejected) == "desk2 REJECTED AC01");

  const std::string api = InsertPayment(s, "api");
  Move(s, api, "INITIATED", "CANCELLED");
  CHECK(Outbox(s, api).empty());
  CHECK(s.Scalar("SELECT count(*) FROM fix_status_outbox") == "4");
}

TEST_CASE("gatewayd's role marks a FIX status sent but cannot rewrite or delete it", "[fix][db][security]") {
  StoreDb s;
  const std::string payment = InsertPayment(s, "fix:desk1");
  CHECK(AsRuntime(s, "UPDATE fix_status_outbox SET sent_seq = 1, sent_at = now() WHERE payment_id = $1::uuid",
                  payment).empty());
  for (const std::string sql : {"UPDATE fix_status_outbox SET status = 'COMPLETED'",
                                "DELETE FROM fix_status_outbox",
                                "DELETE FROM fix_store_sessions"}) {
    INFO(sql);
    CHECK(AsRuntime(s, sql).find("permission denied") != std::string::npos);
  }
  PgMessageStore store(s.pool, Desk1());
  store.set(1, Msg(1, "kept until a reset"));
  CHECK_NOTHROW(store.reset());  // deletes the session's messages
  CHECK(s.Scalar("SELECT count(*) FROM fix_status_outbox") == "1");
}

TEST_CASE("a FIX store that cannot reach its database says which session, without the password", "[fix][db]") {
  StoreDb s;
  std::string url = s.db.runtime_url();
  const std::string password = "gwtest-runtime-role";
  REQUIRE(url.find(password) != std::string::npos);
  url.replace(url.find(password), password.size(), "wrong-secret-4711");
  pg::PgPool bad(pg::PoolOptions{url, 1});
  try {
    PgMessageStore store(bad, Desk1());
    FAIL("the store was made");
  } catch (const FIX::IOException& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(what.find("loading the session") != std::string::npos);
    CHECK(what.find("FIX.4.4:GATEWAY->DESK1") != std::string::npos);
    CHECK(what.find("wrong-secret-4711") == std::string::npos);
    CHECK(what.find("postgresql://") == std::string::npos);
  }
  // What QuickFIX's session factory calls throws the one exception it lets through.
  PgMessageStoreFactory factory(bad);
  CHECK_THROWS_AS(factory.create(Desk1()), FIX::ConfigError);
  PgMessageStoreFactory good(s.pool);
  FIX::MessageStore* store = good.create(Desk1());
  REQUIRE(store != nullptr);
  CHECK(store->getNextSenderMsgSeqNum() == 1);
  good.destroy(store);
}

TEST_CASE("a batch stores many sent messages in one transaction, and the target number moves only with what was recorded",
          "[fix][db]") {
  StoreDb s;
  PgMessageStore store(s.pool, Desk1());
  {
    PgMessageStore::Batch batch(s.pool, Desk1());
    for (int seq = 1; seq <= 3; ++seq) {
      CHECK(store.set(seq, Msg(seq, "report")));
      store.incrNextSenderMsgSeqNum();
    }
    CHECK(batch.seqs() == std::vector<int>{1, 2, 3});
    CHECK(s.Scalar("SELECT count(*) FROM fix_store_messages") == "0");  // nothing until Commit
    std::vector<int> seen;
    REQUIRE(batch.Commit([&](pqxx::dbtransaction&, const std::vector<int>& seqs) { seen = seqs; }).ok());
    CHECK(seen == std::vector<int>{1, 2, 3});
  }
  CHECK(s.Scalar("SELECT count(*) FROM fix_store_messages") == "3");
  CHECK(s.Scalar("SELECT next_sender_seq FROM fix_store_sessions") == "4");
  CHECK(store.getNextSenderMsgSeqNum() == 4);
  CHECK(Get(store, 2, 2) == std::vector<std::string>{Msg(2, "report")});

  {  // a batch whose extra statements fail stores nothing
    PgMessageStore::Batch batch(s.pool, Desk1());
    store.set(4, Msg(4, "lost"));
    CHECK_FALSE(batch.Commit([](pqxx::dbtransaction& txn, const std::vector<int>&) { txn.exec("SELECT 1/0"); }).ok());
  }
  CHECK(s.Scalar("SELECT count(*) FROM fix_store_messages") == "3");

  store.incrNextTargetMsgSeqNum();
  store.incrNextTargetMsgSeqNum();
  CHECK(store.getNextTargetMsgSeqNum() == 3);
  CHECK(s.Scalar("SELECT next_target_seq FROM fix_store_sessions") == "1");  // not recorded yet
  REQUIRE(pg::InTransaction(s.pool, [&](pqxx::dbtransaction& txn) {
            PgMessageStore::AdvanceTarget(txn, Desk1(), 3);
            PgMessageStore::AdvanceTarget(txn, Desk1(), 2);  // never backwards
            return Status::Ok();
          }).ok());
  CHECK(s.Scalar("SELECT next_target_seq FROM fix_store_sessions") == "3");
}

}  // namespace
}  // namespace gw::fix
