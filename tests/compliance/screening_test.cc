// File: tests/compliance/screening_test.cc
#include "gateway/compliance/screening.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gateway/compliance/name_matcher.h"
#include "tests/compliance/test_lists.h"

namespace gw::compliance {
namespace {

std::shared_ptr<const SanctionsList> SmallList(std::string name, std::string version) {
  auto list = std::make_shared<SanctionsList>();
  list->name = name;
  list->version = std::move(version);
  ListEntry tariq;
  tariq.list_name = name;
  tariq.entry_id = "1001";
  tariq.type = EntryType::kIndividual;
  tariq.primary_name = "HADDAD, Tariq Walid";
  tariq.aliases.push_back({"Abu Walid al-Shami", "aka"});
  list->entries.push_back(tariq);
  ListEntry bank;
  bank.list_name = name;
  bank.entry_id = "1002";
  bank.type = EntryType::kEntity;
  bank.primary_name = "Caspian Pearl Exchange Bank PJSC";
  bank.bics = {"CPEBIRTH"};
  list->entries.push_back(bank);
  ListEntry branch;
  branch.list_name = name;
  branch.entry_id = "1003";
  branch.type = EntryType::kEntity;
  branch.primary_name = "Vostok Metals Trading House";
  branch.bics = {"VMTHRUMM200", "VSTKRUMMXXX"};
  list->entries.push_back(branch);
  return list;
}

std::shared_ptr<const ScreeningIndex> BuildOrDie(
    const std::vector<std::shared_ptr<const SanctionsList>>& lists, ScreeningConfig config = {}) {
  auto index = ScreeningIndex::Build(lists, std::move(config));
  REQUIRE(index.ok());
  return *index;
}

// An index over one list "TEST" of persons with these primary names, ids "1", "2", ...
std::shared_ptr<const ScreeningIndex> IndexOfPersons(const std::vector<std::string>& names) {
  auto list = std::make_shared<SanctionsList>();
  list->name = "TEST";
  list->version = "1";
  for (size_t i = 0; i < names.size(); ++i) {
    ListEntry e;
    e.list_name = "TEST";
    e.entry_id = std::to_string(i + 1);
    e.type = EntryType::kIndividual;
    e.primary_name = names[i];
    list->entries.push_back(std::move(e));
  }
  return BuildOrDie({list});
}

const ScreeningHit* FindHit(const ScreeningResult& r, HitKind kind, PaymentField field,
                            const std::string& entry_id) {
  for (const auto& h : r.hits)
    if (h.kind == kind && h.field == field && h.entry_id == entry_id) return &h;
  return nullptr;
}

TEST_CASE("a payment to a listed party with a typo and reordered words is a hit", "[compliance]") {
  auto index = BuildOrDie({SmallList("OFAC-SDN", "2026-02-27")});
  ScreeningRequest req;
  req.debtor = {"Northwind Ceramics Ltd", "GB"};
  req.creditor = {"Walid Tarik Hadad", "DE"};  // reordered, q->k, one D dropped
  auto r = index->Screen(req);
  REQUIRE(r.ok());
  const ScreeningHit* hit = FindHit(*r, HitKind::kName, PaymentField::kCreditor, "1001");
  REQUIRE(hit != nullptr);
  CHECK(hit->list_name == "OFAC-SDN");
  CHECK(hit->list_version == "2026-02-27");
  CHECK(hit->entry_name == "HADDAD, Tariq Walid");
  CHECK(hit->matched_name == "HADDAD, Tariq Walid");
  CHECK_FALSE(hit->matched_alias);
  CHECK(hit->field_value == "Walid Tarik Hadad");
  CHECK(hit->score >= hit->threshold);
  CHECK(hit->score < 1.0);
  CHECK(hit->threshold == index->config().default_threshold);
  REQUIRE(hit->token_matches.size() == 3);
  auto find_pair = [&](const std::string& p) {
    return std::find_if(hit->token_matches.begin(), hit->token_matches.end(),
                        [&](const TokenMatch& m) { return m.payment_token == p; });
  };
  auto walid = find_pair("WALID");
  REQUIRE(walid != hit->token_matches.end());
  CHECK(walid->list_token == "WALID");
  CHECK(walid->similarity == 1.0);
  auto tarik = find_pair("TARIK");
  REQUIRE(tarik != hit->token_matches.end());
  CHECK(tarik->list_token == "TARIQ");
  CHECK(tarik->similarity < 1.0);
  CHECK(tarik->similarity > 0.8);
  auto hadad = find_pair("HADAD");
  REQUIRE(hadad != hit->token_matches.end());
  CHECK(hadad->list_token == "HADDAD");
  // The debtor is not listed.
  for (const auto& h : r->hits) CHECK(h.field != PaymentField::kDebtor);
}

TEST_CASE("aliases are screened and reported as such", "[compliance]") {
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1")});
  auto hits = index->ScreenName("Abu Walid Al Shami", PaymentField::kUltimateCreditor);
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK((*hits)[0].matched_alias);
  CHECK((*hits)[0].matched_name == "Abu Walid al-Shami");
  CHECK((*hits)[0].field == PaymentField::kUltimateCreditor);
}

TEST_CASE("ordinary names sharing one token with a listed name are not hits", "[compliance]") {
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1")});
  for (const char* name :
       {"Tariq Thompson", "Emily Haddad", "Caspian Travel Agency", "Walid", "Pearl Bakery Ltd"}) {
    INFO(name);
    auto hits = index->ScreenName(name);
    REQUIRE(hits.ok());
    CHECK(hits->empty());
  }
}

TEST_CASE("Arabic script: a Persian compound written as one word is read as its two parts",
          "[compliance]") {
  auto index = IndexOfPersons({"SHIRAZI, MOHAMMAD-HOSSEIN"});
  auto hits = index->ScreenName("محمدحسین شیرازی");  // محمدحسین: one word
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK(hits->front().entry_id == "1");
  // Only the compound's two parts together: one of them and the family name is another name.
  auto other = index->ScreenName("محمدعلی شیرازی");  // MOHAMMAD-ALI
  REQUIRE(other.ok());
  CHECK(other->empty());
}

TEST_CASE(
    "joined words: four letters are enough, and another spelling of a listed word stays whole",
    "[compliance]") {
  auto index =
      IndexOfPersons({"Al-Hakim, Bilal Umar Badr", "He Jianwei", "Kim Nam Hyok", "RI IL UN"});
  // HEKIM is HAKIM as Egyptian and popular spellings write it, not HE + KIM.
  auto hakim = index->ScreenName("Bilal Omer Bedr El Hekim");
  REQUIRE(hakim.ok());
  REQUIRE_FALSE(hakim->empty());
  CHECK(hakim->front().entry_id == "1");
  // ILUN is IL + UN written together (Korean given names often are).
  auto ri = index->ScreenName("Ri Ilun");
  REQUIRE(ri.ok());
  REQUIRE_FALSE(ri->empty());
  CHECK(ri->front().entry_id == "4");
  auto other = index->ScreenName("Ri Ilsu");
  REQUIRE(other.ok());
  CHECK(other->empty());
}

TEST_CASE("a whole listed name written as one word is found on its own", "[compliance]") {
  // The halves of a split word weigh half each on the payment side; the bound that
  // discards candidates before scoring once counted the list side by the payment's
  // weights and refused these, though their score is 1.
  auto index =
      IndexOfPersons({"KIM HYOK", "MORENO GOMEZ", "ZHANG WEI", "HONG SOK", "PARK SUNG", "LEE MIN"});
  for (const char* joined : {"KIMHYOK", "MorenoGomez", "ZHANGWEI", "Hongsok"}) {
    CAPTURE(joined);
    auto hits = index->ScreenName(joined);
    REQUIRE(hits.ok());
    REQUIRE(hits->size() == 1);
    CHECK(hits->front().score >= 0.99);
  }
  auto none = index->ScreenName("KIMSOK");  // two listed words, from two different names
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("remittance text: a listed name is found however often a common word repeats around it",
          "[compliance]") {
  std::vector<std::string> names = {"Ali Khedosh Tariq", "Ali Rahimi", "Ali Nasser",
                                    "Ali Bakr Omran", "Jebel Trading"};
  for (int i = 0; i < 40; ++i)
    names.push_back("Ali Filler" + std::string(1, static_cast<char>('A' + i % 26)) +
                    std::string(1, static_cast<char>('A' + i / 26)));
  auto index = IndexOfPersons(names);
  // ALI twice, far apart, with the listed name around one of them: ALI (the word with the
  // most postings) is then not enumerated, and the name is found through its other words.
  auto far =
      index->ScreenText("Invoice 4711 goods delivered to Ali Khedosh Tariq port of Jebel Ali");
  REQUIRE(far.ok());
  REQUIRE_FALSE(far->empty());
  CHECK(far->front().entry_id == "1");
  // ALI twice and close together: enumerated as before.
  auto close = index->ScreenText("Ali Rahimi and Ali for rent");
  REQUIRE(close.ok());
  REQUIRE_FALSE(close->empty());
  CHECK(close->front().entry_id == "2");
  // Two listed words far apart are not a name.
  auto apart = index->ScreenText("Rahimi shipped the parts in March and the invoice went to Ali");
  REQUIRE(apart.ok());
  CHECK(apart->empty());
}

TEST_CASE("the cache of recent words never carries one list version's tokens into another",
          "[compliance]") {
  auto before = IndexOfPersons({"Kovalenko Dmytro"});
  auto after = IndexOfPersons({"Kovalchuk Dmytro"});
  // The same thread screens the same words against both: each answers from its own list.
  for (int round = 0; round < 2; ++round) {
    auto a = before->ScreenName("Dmytro Kovalenko");
    auto b = after->ScreenName("Dmytro Kovalenko");
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a->size() == 1);
    CHECK(a->front().matched_name == "Kovalenko Dmytro");
    CHECK(b->empty());
  }
}

TEST_CASE("a word found only by its sound (the phonetic rule) is looked up too", "[compliance]") {
  auto index = IndexOfPersons({"YUNUS ZAYD NUR AL-DIN"});
  // YOUONS (YOUNS with a typo) is YUNUS by the phonetic rule only; the index reaches it.
  CHECK(TokenSimilarity(MakeTokenInfo("YOUONS"), MakeTokenInfo("YUNUS")) >= 0.8);
  auto hits = index->ScreenName("Youons Zeid Nour el-Din");
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  auto other = index->ScreenName("Yilmaz Zeid Nour el-Din");
  REQUIRE(other.ok());
  CHECK(other->empty());
}

TEST_CASE("BIC matching: 8-character list BICs cover every branch", "[compliance]") {
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1")});
  auto screen_bic = [&](const std::string& bic) {
    ScreeningRequest req;
    req.creditor_agent = {"", bic};
    auto r = index->Screen(req);
    REQUIRE(r.ok());
    std::vector<std::string> ids;
    for (const auto& h : r->hits)
      if (h.kind == HitKind::kBic) ids.push_back(h.entry_id);
    return ids;
  };
  CHECK(screen_bic("CPEBIRTH") == std::vector<std::string>{"1002"});
  CHECK(screen_bic("CPEBIRTH123") == std::vector<std::string>{"1002"});
  CHECK(screen_bic("cpebirthxxx") == std::vector<std::string>{"1002"});
  CHECK(screen_bic("VMTHRUMM200") == std::vector<std::string>{"1003"});
  CHECK(screen_bic("VMTHRUMM201").empty());  // another branch of an 11-character listing
  CHECK(screen_bic("VMTHRUMM").empty());
  CHECK(screen_bic("VSTKRUMM").size() == 1);  // "XXX" listed = the whole institution
  CHECK(screen_bic("VSTKRUMM777").size() == 1);
  CHECK(screen_bic("DEUTDEFF").empty());

  ScreeningRequest req;
  req.intermediary_agents = {{"", "DEUTDEFF"}, {"Some Bank", "CPEBIRTH"}};
  auto r = index->Screen(req);
  REQUIRE(r.ok());
  const ScreeningHit* hit = FindHit(*r, HitKind::kBic, PaymentField::kIntermediaryAgent, "1002");
  REQUIRE(hit != nullptr);
  CHECK(hit->field_index == 1);
  CHECK(hit->matched_name == "CPEBIRTH");
  CHECK(hit->entry_name == "Caspian Pearl Exchange Bank PJSC");
}

TEST_CASE("embargoed countries: party addresses and agent BIC countries", "[compliance]") {
  ScreeningConfig config;
  config.embargoed_countries = {"KP", "IR"};
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1")}, config);
  ScreeningRequest req;
  req.debtor = {"Ada Kovac", "hr"};
  req.ultimate_creditor = {"Emily Thompson", "kp"};
  req.debtor_agent = {"", "ZAGBHR2X"};
  req.creditor_agent = {"", "ABCDIRTH"};
  auto r = index->Screen(req);
  REQUIRE(r.ok());
  REQUIRE(r->hits.size() == 2);
  const ScreeningHit* party =
      FindHit(*r, HitKind::kEmbargoedCountry, PaymentField::kUltimateCreditor, "KP");
  REQUIRE(party != nullptr);
  CHECK(party->list_name == "EMBARGO");
  const ScreeningHit* agent =
      FindHit(*r, HitKind::kEmbargoedCountry, PaymentField::kCreditorAgent, "IR");
  REQUIRE(agent != nullptr);
  CHECK(agent->field_value == "ABCDIRTH");
}

TEST_CASE("remittance text: listed names inside longer text", "[compliance]") {
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1")});
  ScreeningRequest req;
  req.remittance_information =
      "INV 2026/0412 consulting fees, on behalf of Mr. Tariq W. Hadad, ref 7781 thanks";
  auto r = index->Screen(req);
  REQUIRE(r.ok());
  const ScreeningHit* hit =
      FindHit(*r, HitKind::kRemittanceText, PaymentField::kRemittanceInformation, "1001");
  REQUIRE(hit != nullptr);
  CHECK(hit->token_matches.size() >= 2);

  auto clean = index->ScreenText("Invoice 4411 for ceramics delivered to Tariq Thompson, Leeds");
  REQUIRE(clean.ok());
  CHECK(clean->empty());
  auto entity = index->ScreenText("Payment ref CPX via Caspian Pearl Exchange Bank for goods");
  REQUIRE(entity.ok());
  REQUIRE(entity->size() == 1);
  CHECK((*entity)[0].entry_id == "1002");
}

TEST_CASE("thresholds: a per-list threshold overrides the default", "[compliance]") {
  ScreeningConfig config;
  config.list_thresholds["STRICT"] = 1.0;
  auto index = BuildOrDie({SmallList("OFAC-SDN", "v1"), SmallList("STRICT", "s1")}, config);
  CHECK(index->ThresholdFor("STRICT") == 1.0);
  CHECK(index->ThresholdFor("OFAC-SDN") == config.default_threshold);
  auto typo = index->ScreenName("Tarik Walid Haddad");
  REQUIRE(typo.ok());
  REQUIRE(typo->size() == 1);
  CHECK((*typo)[0].list_name == "OFAC-SDN");
  auto exact = index->ScreenName("Tariq Walid Haddad");
  REQUIRE(exact.ok());
  CHECK(exact->size() == 2);
}

TEST_CASE("invalid configurations and requests are refused", "[compliance]") {
  auto lists = std::vector<std::shared_ptr<const SanctionsList>>{SmallList("L", "1")};
  ScreeningConfig bad;
  bad.default_threshold = 0;
  CHECK(ScreeningIndex::Build(lists, bad).status().code() == StatusCode::kInvalidArgument);
  bad = ScreeningConfig();
  bad.list_thresholds["L"] = 1.5;
  CHECK_FALSE(ScreeningIndex::Build(lists, bad).ok());
  bad = ScreeningConfig();
  bad.embargoed_countries = {"IRN"};
  CHECK_FALSE(ScreeningIndex::Build(lists, bad).ok());
  CHECK_FALSE(ScreeningIndex::Build({nullptr}, ScreeningConfig()).ok());

  auto index = BuildOrDie(lists);
  ScreeningRequest req;
  req.debtor.name = std::string(kMaxNameBytes + 1, 'A');
  CHECK(index->Screen(req).status().code() == StatusCode::kInvalidArgument);
  req = ScreeningRequest();
  req.creditor.country = "DEU";
  CHECK(index->Screen(req).status().code() == StatusCode::kInvalidArgument);
  req = ScreeningRequest();
  req.debtor_agent.bic = "NOTABIC";
  CHECK(index->Screen(req).status().code() == StatusCode::kInvalidArgument);
  req = ScreeningRequest();
  req.intermediary_agents.resize(kMaxIntermediaryAgents + 1);
  CHECK(index->Screen(req).status().code() == StatusCode::kInvalidArgument);
  req = ScreeningRequest();
  req.remittance_information = std::string(kMaxRemittanceBytes + 1, 'x');
  CHECK(index->Screen(req).status().code() == StatusCode::kInvalidArgument);
  // An empty payment is valid and has no hits.
  auto empty = index->Screen(ScreeningRequest());
  REQUIRE(empty.ok());
  CHECK(empty->hits.empty());
}

TEST_CASE("index over the test lists: stats and blocking", "[compliance]") {
  std::string error;
  auto lists = testing::LoadAllTestLists(&error);
  REQUIRE(error.empty());
  REQUIRE(lists.size() == 4);
  auto index = BuildOrDie(lists);
  IndexStats s = index->stats();
  CHECK(s.entries == 90 + 34 + 34 + 22);
  CHECK(s.names > s.entries);
  CHECK(s.vocabulary > 100);
  CHECK(s.bics > 0);
  ScreeningRequest req;
  req.debtor = {"Emily Thompson", "GB"};
  req.creditor = {"Riverbend Software Ltd", "IE"};
  auto r = index->Screen(req);
  REQUIRE(r.ok());
  CHECK(r->hits.empty());
  CHECK(r->candidates_scored < s.names / 4);  // blocking: not every name compared
}

TEST_CASE("holder: readers keep their index while a new one is published", "[compliance]") {
  ScreeningIndexHolder holder;
  CHECK(holder.Current() == nullptr);
  auto v1 = BuildOrDie({SmallList("OFAC-SDN", "v1")});
  holder.Publish(v1);
  CHECK(holder.generation() == 1);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, screenings{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        std::shared_ptr<const ScreeningIndex> index = holder.Current();
        auto hits = index->ScreenName("Tariq Walid Haddad");
        if (!hits.ok() || hits->size() != 1 ||
            ((*hits)[0].list_version != "v1" && (*hits)[0].list_version != "v2")) {
          ++failures;
        }
        ++screenings;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    holder.Publish(BuildOrDie({SmallList("OFAC-SDN", i % 2 ? "v1" : "v2")}));
  }
  while (screenings.load() < 200) std::this_thread::yield();
  stop = true;
  for (auto& t : readers) t.join();
  CHECK(failures.load() == 0);
  CHECK(holder.generation() == 21);
  CHECK(v1.use_count() == 1);  // the holder let go of it
}

}  // namespace
}  // namespace gw::compliance
