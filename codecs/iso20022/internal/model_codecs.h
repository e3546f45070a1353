// File: codecs/iso20022/internal/model_codecs.h
//
// One DocumentCodec per model: the field table (which the parser, writer and
// JSON mapping walk, binding.h) and the validator. Each is instantiated in its
// own file under codecs/iso20022/model_codecs/, so the per-model template work
// compiles in parallel and a change to one model recompiles only its file. The
// registry refers to them by name.
#pragma once

#include "codecs/iso20022/registry.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPacs008Codec;
extern const DocumentCodec kPacs002Codec;
extern const DocumentCodec kPacs004Codec;
extern const DocumentCodec kPacs009Codec;
extern const DocumentCodec kCamt056Codec;
extern const DocumentCodec kCamt029Codec;
extern const DocumentCodec kCamt053Codec;
extern const DocumentCodec kCamt054Codec;
extern const DocumentCodec kPain001Codec;

}  // namespace gw::codecs::internal
