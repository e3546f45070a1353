// The Pacs008 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPacs008Codec = kCodecFor<Pacs008, ValidatePacs008>;

}  // namespace gw::codecs::internal
