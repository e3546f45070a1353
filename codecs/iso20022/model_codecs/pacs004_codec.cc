// The Pacs004 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPacs004Codec = kCodecFor<Pacs004, ValidatePacs004>;

}  // namespace gw::codecs::internal
