/* CLD2 is C++: when memory runs out inside it, operator new throws
 * std::bad_alloc, which would unwind into C and abort the process. This is
 * the one place pith calls CLD2, and it turns that exception into a
 * status, as src/decode/uchardet_guard.cpp does for uchardet.
 *
 * Which tables CLD2 scores with is decided when pith is linked: Debian's
 * libcld2.so holds the code and the tables of 83 languages, and
 * libcld2_full.so only the tables of 160, which replace the first when it
 * comes first on the link line (Makefile's LDLIBS). The 160-language
 * tables are the ones Common Crawl tags its records with. */
#include <cstdio> /* compact_lang_det.h uses FILE without including it */
#include <new>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "cld2_guard.h"

extern "C" bool pith_cld2_detect(const char *text, size_t length, pith_cld2_answer *answer)
{
	answer->code = nullptr;
	answer->percent = 0;
	answer->reliable = false;
	/* No hints: the page's declared language would bias the answer
	 * towards what the page says of itself, which is what detection is
	 * meant to check. */
	CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
	CLD2::Language languages[3];
	int percents[3];
	double scores[3];
	int text_bytes = 0;
	bool reliable = false;
	try {
		CLD2::Language language = CLD2::ExtDetectLanguageSummary(
		    text, static_cast<int>(length), true, &hints, 0, languages, percents, scores,
		    nullptr, &text_bytes, &reliable);
		/* Past the real languages, CLD2's extended list holds joke
		 * languages and bare scripts ("xx-Latn"). */
		if (language != CLD2::UNKNOWN_LANGUAGE && language != CLD2::TG_UNKNOWN_LANGUAGE &&
		    language < CLD2::X_BORK_BORK_BORK) {
			answer->code = CLD2::LanguageCode(language);
			/* The summary is usually the first of the three, not
			 * always (a language CLD2 ranks close to another). */
			for (int i = 0; i < 3; i++)
				if (languages[i] == language)
					answer->percent = percents[i];
			answer->reliable = reliable;
		}
	} catch (...) {
		return false;
	}
	return true;
}
