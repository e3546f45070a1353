// The Camt029 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kCamt029Codec = kCodecFor<Camt029, ValidateCamt029>;

}  // namespace gw::codecs::internal
