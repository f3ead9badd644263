#include "opencc_dictionary.h"

#include <cstdio>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

extern "C" long shegong_opencc_dictionary_each(const char *path, void (*each)(const char *, const char *, void *), void *context) {
    FILE *file = std::fopen(path, "rb");
    if (!file) return -1;
    try {
        opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(file);
        std::fclose(file);
        const opencc::LexiconPtr lexicon = dict->GetLexicon();
        for (size_t i = 0; i < lexicon->Length(); i++) {
            const opencc::DictEntry *entry = lexicon->At(i);
            each(entry->Key().c_str(), entry->GetDefault().c_str(), context);
        }
        return static_cast<long>(lexicon->Length());
    } catch (...) {
        return -1;
    }
}
