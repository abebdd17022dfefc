#ifndef ENLINT_TEXT_SCAN_H
#define ENLINT_TEXT_SCAN_H

// Byte tests for the rules that look at the text of values (EN502 invalid email, EN601 formula
// injection, EN602 risky character): a per-value email test and two scans of a whole batch of
// records. They live in enlint_text_scan.c, which picks an AVX2 version at run time when the
// processor has it (AVX2's 32-byte vectors and three-operand instructions need about half the
// instructions of SSE2; the call itself costs a few), SSE2 otherwise, portable C elsewhere.

#include <stddef.h>
#include <stdint.h>

/// Whether the n bytes at p (3 <= n <= 64; anything else says no) are plainly a valid address:
/// printable ASCII without space, ',' or ';'; exactly one '@', neither first nor last; after
/// it, at least one '.', no empty label, and no '.' or '-' at the edge of a label.
///
/// Reads whole vectors from p: bytes past n too when they lie in the same memory page (a load
/// inside a mapped page cannot fault; those bits are masked off); otherwise it copies the n
/// bytes to a zeroed block first.
///
/// A function pointer to the best version, fetched once: a call through it costs less than a
/// call that chooses the version on every address.
typedef int (*enlint_email_test)(const uint8_t *p, size_t n);
enlint_email_test enlint_email_test_best(void);

/// The same test on the email fields of a batch of records, without a call per address: field k
/// is base[start..<end] with start in the low 32 bits of fields[k] and end in the high ones, or
/// all ones for a field that needs the rule's full check (absent, quoted). Sets bit k of
/// `flagged` (zeroed by the caller, count bits) for each field that is neither empty nor
/// plainly valid; returns whether it set any.
int enlint_email_screen(const uint8_t *base, const uint64_t *fields, size_t count, uint64_t *flagged);

/// Index of the first risky character in p[0..<n]: '|', '\\', '!', or the UTF-8 of U+201C or
/// U+201D (E2 80 9C, E2 80 9D); n when there is none. Exact: other E2 sequences (en dash,
/// single quotes, the euro sign) and other letters do not stop it. Reads only p[0..<n].
size_t enlint_first_risky(const uint8_t *p, size_t n);

/// The positions in p[0..<n] where a field of the records may start with a formula trigger
/// ('=', '+', '-', '@', tab, CR: the first byte of the field, or the byte after its opening
/// quote). p[0] must start a record, and every field must start at a record start or right
/// after the delimiter, a '"', LF or CR. Each such position that holds a trigger is looked at,
/// and dismissed when it cannot be a formula: a CR that ends a record, a quote that is not an
/// opening one, or '+'/'-' followed only by digits, spaces, '.', '-', '(' and ')' up to the end
/// of the field (a number or phone number, or a lone dash); the others are the positions.
///
/// Writes the first `capacity` positions, in order, to `positions` (which may be NULL when
/// capacity is 0) and returns how many it found, but stops once that is more than capacity:
/// capacity + 1 says "more than fit". Reads only p[0..<n].
size_t enlint_formula_starts(const uint8_t *p, size_t n, uint8_t delimiter, uint32_t *positions, size_t capacity);

/// The same with the vector version capped, for tests that compare the versions: 0 portable
/// C, 1 SSE2, 2 AVX2 (each falls back to the best one below it the machine has).
enlint_email_test enlint_email_test_at_level(int level);
int enlint_email_screen_at_level(const uint8_t *base, const uint64_t *fields, size_t count, uint64_t *flagged, int level);
size_t enlint_first_risky_at_level(const uint8_t *p, size_t n, int level);
size_t enlint_formula_starts_at_level(const uint8_t *p, size_t n, uint8_t delimiter, uint32_t *positions, size_t capacity,
                                      int level);

#endif
