// File: tests/links/frame_test.cc
#include <catch2/catch.hpp>

#include "gateway/links/frame.h"

namespace gw::links {
namespace {

TEST_CASE("frame: message round trip through the decoder, byte by byte", "[links]") {
  MessageEnvelope m{"MSG-1", "9a1f3c5e-8b2d-4e6f-a7c9-0d1e2f3a4b5c", "<AppHdr/><Document/>"};
  auto bytes = EncodeMessage(m);
  REQUIRE(bytes.ok());
  REQUIRE(bytes->size() == kFrameHeaderSize + 2 + m.message_id.size() + m.uetr.size() + m.body.size());
  FrameDecoder d;
  for (char c : *bytes) REQUIRE(d.Feed(std::string_view(&c, 1)).ok());
  REQUIRE(d.HasFrame());
  Frame f = d.PopFrame();
  CHECK(f.type == FrameType::kMessage);
  CHECK(d.buffered() == 0);
  auto back = DecodeMessage(f.payload);
  REQUIRE(back.ok());
  CHECK(back->message_id == m.message_id);
  CHECK(back->uetr == m.uetr);
  CHECK(back->body == m.body);
}

TEST_CASE("frame: answer round trip and several frames in one read", "[links]") {
  AnswerEnvelope a{"MSG-2", "uetr-2", "RJCT", "AC01", "<Document>pacs.002</Document>"};
  auto one = EncodeAnswer(a);
  auto hb = EncodeFrame(FrameType::kHeartbeat, "");
  REQUIRE(one.ok());
  REQUIRE(hb.ok());
  FrameDecoder d;
  REQUIRE(d.Feed(*one + *hb + *one).ok());
  std::vector<Frame> frames;
  while (d.HasFrame()) frames.push_back(d.PopFrame());
  REQUIRE(frames.size() == 3);
  CHECK(frames[1].type == FrameType::kHeartbeat);
  CHECK(frames[1].payload.empty());
  auto back = DecodeAnswer(frames[2].payload);
  REQUIRE(back.ok());
  CHECK(back->original_message_id == "MSG-2");
  CHECK(back->status == "RJCT");
  CHECK(back->reason == "AC01");
  CHECK(back->body == a.body);
  CHECK_FALSE(IsAcceptedStatus("RJCT"));
  CHECK(IsAcceptedStatus("ACSC"));
}

TEST_CASE("frame: an oversized frame is refused from its header alone", "[links]") {
  FrameDecoder d(1024);
  std::string header = {0x00, 0x00, 0x04, 0x01, 0x01};  // 1025 bytes announced
  Status st = d.Feed(header);
  CHECK(st.code() == StatusCode::kResourceExhausted);
  CHECK_FALSE(d.HasFrame());
  // Sticky: later bytes are not parsed.
  auto ok_frame = EncodeFrame(FrameType::kHeartbeat, "");
  CHECK_FALSE(d.Feed(*ok_frame).ok());
  CHECK_FALSE(d.HasFrame());
  // The encoder refuses to produce one, too.
  CHECK(EncodeFrame(FrameType::kMessage, std::string(1025, 'x'), 1024).status().code() ==
        StatusCode::kResourceExhausted);
  CHECK(EncodeFrame(FrameType::kMessage, std::string(1024, 'x'), 1024).ok());
}

TEST_CASE("frame: a truncated frame stays buffered and yields nothing", "[links]") {
  auto bytes = EncodeMessage({"MSG-3", "u", std::string(500, 'x')});
  REQUIRE(bytes.ok());
  FrameDecoder d;
  REQUIRE(d.Feed(std::string_view(*bytes).substr(0, bytes->size() - 1)).ok());
  CHECK_FALSE(d.HasFrame());
  CHECK(d.buffered() == bytes->size() - 1);
  REQUIRE(d.Feed(std::string_view(*bytes).substr(bytes->size() - 1)).ok());
  CHECK(d.HasFrame());
  CHECK(d.buffered() == 0);
}

TEST_CASE("frame: garbage is refused", "[links]") {
  SECTION("unknown frame type") {
    FrameDecoder d;
    CHECK(d.Feed(std::string("\x00\x00\x00\x00\x7f", 5)).code() == StatusCode::kInvalidArgument);
  }
  SECTION("an HTTP request instead of frames") {
    FrameDecoder d;
    CHECK_FALSE(d.Feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  }
  SECTION("envelope fields longer than the payload") {
    CHECK_FALSE(DecodeMessage(std::string("\x10" "abc", 4)).ok());
    CHECK_FALSE(DecodeMessage("").ok());
    CHECK_FALSE(DecodeMessage(std::string("\x00\x00", 2)).ok());  // empty message id
    CHECK_FALSE(DecodeAnswer(std::string("\x01" "a" "\x00" "\x00", 4)).ok());  // no status
  }
  SECTION("envelope fields over 255 bytes cannot be encoded") {
    CHECK(EncodeMessage({std::string(256, 'm'), "", ""}).status().code() ==
          StatusCode::kInvalidArgument);
    CHECK(EncodeMessage({"", "", "x"}).status().code() == StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace gw::links
