// The Pain001 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kPain001Codec = kCodecFor<Pain001, ValidatePain001>;

}  // namespace gw::codecs::internal
