// The Pacs002 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPacs002Codec = kCodecFor<Pacs002, ValidatePacs002>;

}  // namespace gw::codecs::internal
