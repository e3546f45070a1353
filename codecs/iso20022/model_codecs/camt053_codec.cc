// The Camt053 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kCamt053Codec = kCodecFor<Camt053, ValidateCamt053>;

}  // namespace gw::codecs::internal
