/* uchardet is C++: when memory runs out inside it, operator new throws
 * std::bad_alloc, which would unwind into C and abort the process. These
 * wrappers are the one place pith touches uchardet, and turn that
 * exception into a status, so running out of memory stays an error value
 * (include/pith.h) even on the detection path. */
#include <new>

#include <uchardet/uchardet.h>

#include "uchardet_guard.h"

extern "C" void *pith_uchardet_new(void)
{
	try {
		return uchardet_new();
	} catch (...) {
		return nullptr;
	}
}

extern "C" const char *pith_uchardet_guess(void *detector, const char *bytes, size_t length)
{
	uchardet_t ud = static_cast<uchardet_t>(detector);
	try {
		uchardet_reset(ud);
		if (uchardet_handle_data(ud, bytes, length) != 0)
			return nullptr;
		uchardet_data_end(ud);
		const char *name = uchardet_get_charset(ud);
		return name ? name : "";
	} catch (...) {
		return nullptr;
	}
}

extern "C" void pith_uchardet_free(void *detector)
{
	if (detector)
		uchardet_delete(static_cast<uchardet_t>(detector));
}
