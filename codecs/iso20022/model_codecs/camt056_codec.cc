// The Camt056 codec (see internal/model_codecs.h).
#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs::internal {

extern const DocumentCodec kCamt056Codec = kCodecFor<Camt056, ValidateCamt056>;

}  // namespace gw::codecs::internal
