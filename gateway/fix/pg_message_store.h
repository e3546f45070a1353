// File: gateway/fix/pg_message_store.h
//
// QuickFIX's message store in PostgreSQL (tables fix_store_sessions and
// fix_store_messages, schemas/migrations/0010_fix_sessions): a FIX session's
// sequence numbers, creation time and sent messages survive a restart of
// gatewayd, and a counterparty's resend request is answered from the database.
// Debian's QuickFIX is built without its own PostgreSQL store; this one uses
// the product's libpqxx layer.
//
// Connections: the store borrows one from the gateway's PgPool for each call
// that reads or writes, rather than keeping one per session. The pool replaces
// broken connections by itself (a database restart costs the session one
// failed call, not its store), refuses a privileged role as every other
// connection of gatewayd, and is the one place its size and metrics are kept.
// Each call is one short transaction. The pool must outlive the store; size it
// for the FIX sessions too: a call that finds no free connection within the
// pool's acquire timeout fails with FIX::IOException.
//
// Thread safety: a PgMessageStore is used by one thread at a time. QuickFIX
// guarantees it: a session's SessionState serialises every call to its store.
// Different stores (sessions) may be used from different threads at once.
//
// Errors: every database failure is a FIX::IOException naming the operation
// and the session, never the database URL or a password. These overrides
// throw nothing else (see gateway/fix/quickfix.h for why that matters).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/pg/pool.h"
#include "gateway/fix/quickfix.h"

namespace gw::fix {

class PgMessageStore : public FIX::MessageStore {
 public:
  using SendHookFn = std::function<void(pqxx::dbtransaction& txn, int seq)>;

  // Bookkeeping done in the transaction that stores a sent message. While a
  // SendHook is alive, the next set() of its session's store on this thread
  // runs `fn` inside its transaction with the message's sequence number, then
  // disarms the hook: the message is stored if and only if the hook's
  // statements commit with it, and a hook that throws rolls both back (set()
  // then throws FIX::IOException and QuickFIX does not send the message).
  //
  // This is how a status report is marked sent (fix_status_outbox.sent_seq)
  // exactly when it gets its MsgSeqNum, so that a crash can never send it twice
  // as a new message:
  //
  //   PgMessageStore::SendHook hook(session_id, [&](pqxx::dbtransaction& txn, int seq) {
  //     auto r = txn.exec_params("UPDATE fix_status_outbox SET sent_seq = $2, sent_at = now() "
  //                              "WHERE id = $1 AND sent_seq IS NULL", outbox_id, seq);
  //     if (r.affected_rows() != 1) throw std::runtime_error("status report already sent");
  //   });
  //   FIX::Session::sendToTarget(report, session_id);  // stores it on this thread
  //   if (!hook.committed()) ...                           // not stored: not sent
  //
  // QuickFIX stores a message on the thread that sends it, inside
  // sendToTarget(). `fn` must act only through `txn`: set() retries a
  // transaction that failed on a serialization failure, a deadlock or a lost
  // connection, and then runs `fn` again. The caller must hold no lock that
  // `fn`'s statements wait for (no row locked FOR UPDATE in a transaction of
  // its own still open), and should not hold a pooled connection while it
  // sends, or a small pool may have none left for set().
  //
  // Thread safety: a SendHook belongs to the thread that made it, and is
  // destroyed on it. Hooks nest: the innermost one is armed.
  class SendHook {
   public:
    SendHook(const FIX::SessionID& session, SendHookFn fn);
    ~SendHook();
    SendHook(const SendHook&) = delete;
    SendHook& operator=(const SendHook&) = delete;

    // True once a set() committed with the hook's statements.
    bool committed() const { return committed_; }
    // The sequence number of that message (0 before).
    int seq() const { return seq_; }

   private:
    friend class PgMessageStore;
    std::string session_key_;
    SendHookFn fn_;
    SendHook* outer_;
    bool armed_ = true;
    bool committed_ = false;
    int seq_ = 0;
  };

  // Many sent messages stored in one transaction. While a Batch is alive on a
  // thread, set() for its session on that thread only collects the message
  // (and incrNextSenderMsgSeqNum() stays in memory); Commit() stores them all,
  // moves the stored next sender number past them and runs `extra` with their
  // sequence numbers in the same transaction. The caller must keep the
  // messages off the wire until Commit() succeeded (gateway/fix/fix_engine.cc
  // holds the connection's output), and after a failure make the session
  // re-read its numbers (Session::refresh) before it sends again.
  // Thread safety: a Batch belongs to the thread that made it.
  class Batch {
   public:
    Batch(pg::PgPool& pool, const FIX::SessionID& session);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

    // The sequence numbers collected so far, in the order set() saw them.
    const std::vector<int>& seqs() const { return seqs_; }
    Status Commit(const std::function<void(pqxx::dbtransaction&, const std::vector<int>& seqs)>& extra);

   private:
    friend class PgMessageStore;
    pg::PgPool& pool_;
    std::string session_key_;
    Batch* outer_;
    PgMessageStore* store_ = nullptr;
    std::vector<int> seqs_;
    std::vector<std::string> messages_;
  };

  // The stored next target number moves at least to `next` in the caller's
  // transaction. incrNextTargetMsgSeqNum() only counts in memory: the code that
  // records what the counterparty's messages asked for stores the number with
  // it, so that a crash can never have skipped a message nobody recorded (the
  // counterparty is asked to send it again, and a repeat changes nothing).
  static void AdvanceTarget(pqxx::dbtransaction& txn, const FIX::SessionID& session, int next);

  // Loads the session's row (fix_store_sessions), creating it with sequence
  // numbers 1/1 and creation time now if absent. Throws FIX::IOException.
  PgMessageStore(pg::PgPool& pool, const FIX::SessionID& session);

  // Called with the duration in seconds of every database round trip the
  // store makes (fix_store_duration_seconds). Set before the store is used.
  using DurationObserver = std::function<void(double seconds)>;
  void SetDurationObserver(DurationObserver observe) { observe_ = std::move(observe); }

  // In one transaction: stores the message (replacing one stored before under
  // `seq`), moves the stored next sender number to at least seq + 1, and runs
  // this thread's SendHook for the session, if any. The next sender number in
  // memory is not changed: QuickFIX calls incrNextSenderMsgSeqNum() next.
  // After a failure the numbers are re-read from the database if it answers:
  // a connection lost during COMMIT leaves the outcome unknown, and a message
  // that was stored after all must keep its number (the database, e.g.
  // fix_status_outbox.sent_seq, is then the truth, not SendHook::committed()).
  bool set(int seq, const std::string& message) override;
  // The stored messages with begin <= seq <= end, in seq order, into `messages`
  // (cleared first).
  void get(int begin, int end, std::vector<std::string>& messages) const override;

  // From memory.
  int getNextSenderMsgSeqNum() const override { return next_sender_; }
  int getNextTargetMsgSeqNum() const override { return next_target_; }
  FIX::UtcTimeStamp getCreationTime() const override { return creation_time_; }
  // Written to the database at once; memory changes only once it committed.
  void setNextSenderMsgSeqNum(int seq) override;
  void setNextTargetMsgSeqNum(int seq) override;
  void incrNextSenderMsgSeqNum() override;
  void incrNextTargetMsgSeqNum() override;

  // In one transaction: deletes the session's messages, sets both sequence
  // numbers to 1 and the creation time to now.
  void reset() override;
  // Reloads the sequence numbers and the creation time from the database.
  void refresh() override;

  // SessionID::toString(), the key of the session's rows.
  const std::string& session_key() const { return key_; }

 private:
  void Load();
  void PersistSeq(bool sender, int seq);
  // Runs `body` in one transaction (pg::InTransaction); a failure becomes a
  // FIX::IOException naming `operation` and the session.
  void Run(const std::string& operation, const std::function<void(pqxx::dbtransaction&)>& body) const;

  pg::PgPool& pool_;
  const std::string key_;
  DurationObserver observe_;
  int next_sender_ = 1;
  int stored_sender_ = 1;  // the next sender number the database holds, as far as known
  int next_target_ = 1;
  FIX::UtcTimeStamp creation_time_;
};

// Makes a PgMessageStore per session on `pool`, which must outlive the
// factory's stores. Thread-safe (it keeps no state of its own).
class PgMessageStoreFactory : public FIX::MessageStoreFactory {
 public:
  explicit PgMessageStoreFactory(pg::PgPool& pool, PgMessageStore::DurationObserver observe = {})
      : pool_(pool), observe_(std::move(observe)) {}

  // A database failure is a FIX::ConfigError here, the only exception QuickFIX
  // lets through the session factory that calls create() (as FileStore does).
  FIX::MessageStore* create(const FIX::SessionID& session) override;
  void destroy(FIX::MessageStore* store) override;

 private:
  pg::PgPool& pool_;
  PgMessageStore::DurationObserver observe_;
};

}  // namespace gw::fix
