// The Pacs009 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPacs009Codec = kCodecFor<Pacs009, ValidatePacs009>;

}  // namespace gw::codecs::internal
