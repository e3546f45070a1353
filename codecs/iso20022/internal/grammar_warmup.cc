// File: codecs/iso20022/internal/grammar_warmup.cc
// Makes a loaded grammar pool safe to share between threads; see
// PrepareGrammarsForSharing in xerces_support.h.
#include <unordered_set>

#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/util/RefHashTableOf.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/util/regx/Token.hpp>
#include <xercesc/validators/common/Grammar.hpp>
#include <xercesc/validators/datatype/DatatypeValidator.hpp>
#include <xercesc/validators/datatype/DatatypeValidatorFactory.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/datatype/UnionDatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaAttDef.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include "codecs/iso20022/internal/xerces_support.h"

namespace gw::codecs::internal {
namespace {

// A compiled pattern keeps its parsed token tree in a protected member; a
// derived type may name it, which is all this needs.
struct TokenTreeOf : xercesc::RegularExpression {
  static xercesc::Token* Get(const xercesc::RegularExpression& regex) {
    return regex.*(&TokenTreeOf::fTokenTree);
  }
};

// Likewise a validator's pattern and compiled form are protected accessors.
struct PatternOf : xercesc::DatatypeValidator {
  static const XMLCh* Source(const xercesc::DatatypeValidator& dv) { return (dv.*(&PatternOf::getPattern))(); }
  static xercesc::RegularExpression* Compiled(const xercesc::DatatypeValidator& dv) {
    return (dv.*(&PatternOf::getRegex))();
  }
};

void BuildRangeTables(xercesc::Token* token, std::unordered_set<const xercesc::Token*>& seen) {
  if (token == nullptr || !seen.insert(token).second) return;
  const auto type = token->getTokenType();
  if (type == xercesc::Token::T_RANGE || type == xercesc::Token::T_NRANGE) {
    static_cast<xercesc::RangeToken*>(token)->createMap();
  }
  for (XMLSize_t i = 0; i < token->size(); ++i) BuildRangeTables(token->getChild(i), seen);
}

class Preparer {
 public:
  void Validator(xercesc::DatatypeValidator* dv) {
    while (dv != nullptr && validators_.insert(dv).second) {
      if (PatternOf::Source(*dv) != nullptr && PatternOf::Compiled(*dv) == nullptr) {
        // Some validators compile their pattern lazily, on the first value.
        try {
          dv->validate(PatternOf::Source(*dv), nullptr);
        } catch (...) {  // the value is irrelevant: only the compilation is wanted
        }
      }
      if (const xercesc::RegularExpression* regex = PatternOf::Compiled(*dv); regex != nullptr) {
        if (regexes_.insert(regex).second) BuildRangeTables(TokenTreeOf::Get(*regex), tokens_);
      }
      if (dv->getType() == xercesc::DatatypeValidator::List) {
        Validator(static_cast<xercesc::ListDatatypeValidator*>(dv)->getItemTypeDTV());
      } else if (dv->getType() == xercesc::DatatypeValidator::Union) {
        if (auto* members = static_cast<xercesc::UnionDatatypeValidator*>(dv)->getMemberTypeValidators()) {
          for (XMLSize_t i = 0; i < members->size(); ++i) Validator(members->elementAt(i));
        }
      }
      dv = dv->getBaseValidator();
    }
  }

  void Registry(xercesc::RefHashTableOf<xercesc::DatatypeValidator>* registry) {
    if (registry == nullptr) return;
    xercesc::RefHashTableOfEnumerator<xercesc::DatatypeValidator> it(registry, false);
    while (it.hasMoreElements()) Validator(&it.nextElement());
  }

  void ComplexType(xercesc::ComplexTypeInfo& type) {
    // The content model (the DFA that checks the order of child elements) is
    // also built on first use, unlocked: two threads reaching a type at once
    // both build it and one copy is lost (LeakSanitizer found it).
    type.getContentModel();
    Validator(type.getDatatypeValidator());
    if (!type.hasAttDefs()) return;
    xercesc::XMLAttDefList& atts = type.getAttDefList();
    for (XMLSize_t i = 0; i < atts.getAttDefCount(); ++i) {
      Validator(static_cast<xercesc::SchemaAttDef&>(atts.getAttDef(i)).getDatatypeValidator());
    }
  }

  void Grammar(xercesc::SchemaGrammar& grammar) {
    if (auto* factory = grammar.getDatatypeRegistry()) Registry(factory->getUserDefinedRegistry());
    if (auto* types = grammar.getComplexTypeRegistry()) {
      xercesc::RefHashTableOfEnumerator<xercesc::ComplexTypeInfo> it(types, false);
      while (it.hasMoreElements()) ComplexType(it.nextElement());
    }
    auto elements = grammar.getElemEnumerator();
    while (elements.hasMoreElements()) {
      xercesc::SchemaElementDecl& decl = elements.nextElement();
      Validator(decl.getDatatypeValidator());
      if (auto* type = decl.getComplexTypeInfo()) ComplexType(*type);
    }
  }

  size_t patterns() const { return regexes_.size(); }

 private:
  std::unordered_set<const xercesc::DatatypeValidator*> validators_;
  std::unordered_set<const xercesc::RegularExpression*> regexes_;
  std::unordered_set<const xercesc::Token*> tokens_;
};

}  // namespace

size_t PrepareGrammarsForSharing(xercesc::XMLGrammarPool& pool) {
  Preparer preparer;
  preparer.Registry(xercesc::DatatypeValidatorFactory::getBuiltInRegistry());
  auto grammars = pool.getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    xercesc::Grammar& grammar = grammars.nextElement();
    if (grammar.getGrammarType() == xercesc::Grammar::SchemaGrammarType) {
      preparer.Grammar(static_cast<xercesc::SchemaGrammar&>(grammar));
    }
  }
  return preparer.patterns();
}

}  // namespace gw::codecs::internal
