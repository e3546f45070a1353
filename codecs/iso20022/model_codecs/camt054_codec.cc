// The Camt054 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kCamt054Codec = kCodecFor<Camt054, ValidateCamt054>;

}  // namespace gw::codecs::internal
