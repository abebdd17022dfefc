// The batch scans of enlint_text_scan.h: a vector pass finds the few positions worth a look,
// and a scalar test (the one the scalar version applies to every byte) decides each of them.
// Three versions of the vector pass: AVX2 (chosen at run time), SSE2, and portable C.

#include "enlint_simd_scan.h"
#include "enlint_text_scan.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define ENLINT_X86 1
#include <immintrin.h>
#endif

// MARK: - Choosing the version

enum { LEVEL_SCALAR = 0, LEVEL_SSE2 = 1, LEVEL_AVX2 = 2 };

#if ENLINT_X86
static int detect_level(void) {
    // AVX2 with BMI1 and BMI2, which every AVX2 processor has: the AVX2 versions use their bit
    // instructions.
    const int avx2_bmi = ENLINT_CPU_AVX2 | ENLINT_CPU_BMI1 | ENLINT_CPU_BMI2;
    return (enlint_cpu_features() & avx2_bmi) == avx2_bmi ? LEVEL_AVX2 : LEVEL_SSE2;
}
#endif

#if ENLINT_X86
/// The best version this processor runs, found once (a race only computes it twice).
static int best_level(void) {
    static int level = -1;
    int l = __atomic_load_n(&level, __ATOMIC_RELAXED);
    if (l < 0) {
        l = detect_level();
        __atomic_store_n(&level, l, __ATOMIC_RELAXED);
    }
    return l;
}

static inline uint64_t lowest_bits_cleared(uint64_t bits) { return bits & (bits - 1); }
#endif

// MARK: - Plain email addresses

/// Sets bit k of `bits` (a record's bit in a batch's bitmap).
static inline void set_bit(uint64_t *bits, size_t k) { bits[k >> 6] |= (uint64_t)1 << (k & 63); }

/// The address test on the masks of its n bytes (bit i for byte i; bits past n may be set).
static inline int email_masks_are_plain(size_t n, uint64_t bad, uint64_t at, uint64_t dot, uint64_t hyphen) {
    const uint64_t valid = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
    const uint64_t last = (uint64_t)1 << (n - 1);
    at &= valid;
    // The domain: the bits above the first '@' (none without one).
    const uint64_t domain = valid & ~(at ^ (at - 1));
    const uint64_t d = dot & domain, h = hyphen & domain;
    // Wrong: a byte outside the plain set; a second '@'; an '@' first; a dot or hyphen that
    // starts a label (the '@' counts as a dot before the first) or ends the domain; a dot right
    // after a hyphen. And the domain needs a dot (so an '@' last, which leaves no domain, fails).
    const uint64_t wrong = (bad & valid) | (at & (at - 1)) | (at & 1) |
                           ((d | h) & (((d | at) << 1) | last)) | (d & (h << 1));
    return wrong == 0 && d != 0;
}

static int email_is_plain_scalar(const uint8_t *p, size_t n) {
    if (n - 3 > 61) return 0;  // n outside 3...64
    uint64_t bad = 0, at = 0, dot = 0, hyphen = 0;
    for (size_t i = 0; i < n; i++) {
        const uint8_t x = p[i];
        bad |= (uint64_t)(x <= 0x20 || x >= 0x7F || x == ',' || x == ';') << i;
        at |= (uint64_t)(x == '@') << i;
        dot |= (uint64_t)(x == '.') << i;
        hyphen |= (uint64_t)(x == '-') << i;
    }
    return email_masks_are_plain(n, bad, at, dot, hyphen);
}

#if ENLINT_X86
/// Whether the 64 bytes from p lie in one memory page, so that vector loads of them cannot
/// fault when the n <= 64 bytes from p are readable.
static inline int block_is_readable(const uint8_t *p) { return ((uintptr_t)p & 4095) <= 4096 - 64; }

/// Calls `test` on a copy of p[0..<n] in a zeroed 64-byte block: for the addresses whose
/// block crosses into the next page. Out of line, so that the common case needs no stack frame.
__attribute__((noinline))
static int email_test_copy(const uint8_t *p, size_t n, enlint_email_test test) {
    uint8_t block[64] = {0};
    for (size_t i = 0; i < n; i++) block[i] = p[i];
    return test(block, n);
}

__attribute__((no_sanitize("address")))
static int email_is_plain_sse2(const uint8_t *p, size_t n) {
    if (n - 3 > 61) return 0;
    if (!block_is_readable(p)) return email_test_copy(p, n, email_is_plain_sse2);
    const size_t vectors = (n + 15) >> 4;
    uint64_t bad = 0, at = 0, dot = 0, hyphen = 0;
    for (size_t i = 0; i < vectors; i++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        // v + 1 as signed bytes is below 0x22 exactly for 0x00...0x20 and 0x7F...0xFF.
        const __m128i outside = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(1)), _mm_set1_epi8(0x22));
        const __m128i separator = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8(';')));
        const unsigned shift = (unsigned)(16 * i);
        bad |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_or_si128(outside, separator)) << shift;
        at |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('@'))) << shift;
        dot |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))) << shift;
        hyphen |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('-'))) << shift;
    }
    return email_masks_are_plain(n, bad, at, dot, hyphen);
}

typedef struct { uint32_t bad, at, dot, hyphen; } email_masks32;

__attribute__((target("avx2,bmi,bmi2")))
static inline email_masks32 email_masks_avx2(const uint8_t *src) {
    const __m256i v = _mm256_loadu_si256((const __m256i *)src);
    const __m256i outside = _mm256_cmpgt_epi8(_mm256_set1_epi8(0x22), _mm256_add_epi8(v, _mm256_set1_epi8(1)));
    const __m256i separator = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(';')));
    email_masks32 m;
    m.bad = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(outside, separator));
    m.at = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('@')));
    m.dot = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('.')));
    m.hyphen = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('-')));
    return m;
}

static int email_is_plain_avx2(const uint8_t *p, size_t n);

/// The AVX2 test of 3...64 readable bytes (see `block_is_readable`).
__attribute__((target("avx2,bmi,bmi2"), no_sanitize("address"), always_inline))
static inline int email_block_is_plain_avx2(const uint8_t *p, size_t n) {
    const email_masks32 a = email_masks_avx2(p);
    if (n <= 32) return email_masks_are_plain(n, a.bad, a.at, a.dot, a.hyphen);
    const email_masks32 b = email_masks_avx2(p + 32);
    return email_masks_are_plain(n, a.bad | (uint64_t)b.bad << 32, a.at | (uint64_t)b.at << 32,
                                 a.dot | (uint64_t)b.dot << 32, a.hyphen | (uint64_t)b.hyphen << 32);
}

__attribute__((target("avx2,bmi,bmi2")))
static int email_is_plain_avx2(const uint8_t *p, size_t n) {
    if (n - 3 > 61) return 0;
    if (!block_is_readable(p)) return email_test_copy(p, n, email_is_plain_avx2);
    return email_block_is_plain_avx2(p, n);
}

/// A shorter test of the masks of n <= 32 bytes (`email_masks_avx2`), for the column walk: it
/// passes only what `email_masks_are_plain` passes, and all the usual addresses, leaving the
/// others to that test. Where that one finds the domain and checks each way a '.' or '-' can
/// sit wrongly in it, this one takes '@', '.' and '-' as one class and wants none of them
/// first, last, or next to another anywhere, which covers those ways, but also turns down
/// "xn--" and a local part like "jo.-ann" (the exact test passes them).
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline int email_masks_are_clearly_plain32(uint32_t n, email_masks32 m) {
    const uint64_t valid = _bzhi_u64(~(uint64_t)0, n);
    const uint64_t at = m.at & valid, dot = m.dot & valid;
    // The specials with one more at bit n, past the last byte: a special last touches it.
    const uint64_t special = (((uint64_t)m.at | m.dot | m.hyphen) & valid) | (valid + 1);
    // Wrong: a byte outside the plain set; a second '@'; a special first (bit 0), last, or
    // right after another.
    const uint64_t wrong = (m.bad & valid) | (at & (at - 1)) | (special & ((special << 1) | 1));
    // And a '.' above the '@': above at - 1 (which is all ones without an '@').
    return wrong == 0 && dot > at - 1;
}

/// Record k's bit for a field the short test did not clear and that is no empty one: the
/// exact test. Out of line, so that the walk's loop keeps its values in registers.
__attribute__((target("avx2,bmi,bmi2"), noinline))
static void email_field_avx2(const uint8_t *p, size_t n, uint8_t flags, uintptr_t block_end, size_t k,
                             uint64_t *unsettled) {
    const int fine = flags == 0 && (n - 3 <= 61 && (uintptr_t)p <= block_end ? email_block_is_plain_avx2(p, n)
                                                                              : email_is_plain_avx2(p, n));
    if (!fine) set_bit(unsettled, k);
}

__attribute__((target("avx2,bmi,bmi2")))
static void email_column_avx2(const uint8_t *base, const enlint_field_span *spans, size_t stride, size_t count,
                              const uint8_t *readable_end, uint64_t *empty, uint64_t *unsettled) {
    // Up to here a 64-byte block from a field's start stays in bytes that may be read.
    const uintptr_t block_end = (uintptr_t)readable_end - 64;
    const enlint_field_span *s = spans;
    for (size_t k = 0; k < count; k++, s += stride) {
        const uint32_t start = (uint32_t)s->start, end = (uint32_t)s->end;
        const uint8_t *p = base + start;
        const size_t n = (size_t)end - start;
        // Most addresses: unquoted, 5...32 bytes (no shorter one is valid) well before the end,
        // and cleared by the short test. Then the empty fields (about one in ten in a file of
        // transactions), and the rest (too short or long, quoted, near the end, or not
        // cleared) go to the exact test.
        if (__builtin_expect(s->flags == 0 && n - 5 <= 27 && (uintptr_t)p <= block_end, 1) &&
            __builtin_expect(email_masks_are_clearly_plain32((uint32_t)n, email_masks_avx2(p)), 1))
            continue;
        if (s->flags == 0 && n == 0) set_bit(empty, k);
        else email_field_avx2(p, n, s->flags, block_end, k, unsettled);
    }
}
#endif

enlint_email_test enlint_email_test_at_level(int level) {
#if ENLINT_X86
    if (level >= LEVEL_AVX2 && best_level() >= LEVEL_AVX2) return email_is_plain_avx2;
    if (level >= LEVEL_SSE2) return email_is_plain_sse2;
#endif
    (void)level;
    return email_is_plain_scalar;
}

enlint_email_test enlint_email_test_best(void) {
    return enlint_email_test_at_level(LEVEL_AVX2);
}

void enlint_email_column_at_level(const uint8_t *base, const enlint_field_span *spans, size_t stride, size_t count,
                                  const uint8_t *readable_end, uint64_t *empty, uint64_t *unsettled, int level) {
#if ENLINT_X86
    if (level >= LEVEL_AVX2 && best_level() >= LEVEL_AVX2) {
        email_column_avx2(base, spans, stride, count, readable_end, empty, unsettled);
        return;
    }
#endif
    (void)readable_end;
    const enlint_email_test test = enlint_email_test_at_level(level);
    for (size_t k = 0; k < count; k++) {
        const enlint_field_span *s = spans + k * stride;
        const size_t n = (size_t)(uint32_t)s->end - (uint32_t)s->start;
        if (s->flags == 0 && n == 0) set_bit(empty, k);
        else if (s->flags != 0 || !test(base + (uint32_t)s->start, n)) set_bit(unsettled, k);
    }
}

void enlint_email_column(const uint8_t *base, const enlint_field_span *spans, size_t stride, size_t count,
                         const uint8_t *readable_end, uint64_t *empty, uint64_t *unsettled) {
    enlint_email_column_at_level(base, spans, stride, count, readable_end, empty, unsettled, LEVEL_AVX2);
}

// MARK: - Risky characters

/// Whether a risky character starts at p[i] (the exact test).
static inline int risky_at(const uint8_t *p, size_t n, size_t i) {
    const uint8_t b = p[i];
    if (b == '|' || b == '\\' || b == '!') return 1;
    return b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x9C || p[i + 2] == 0x9D);
}

static size_t first_risky_scalar(const uint8_t *p, size_t n, size_t from) {
    for (size_t i = from; i < n; i++) {
        if (risky_at(p, n, i)) return i;
    }
    return n;
}

#if ENLINT_X86
/// The first risky character among the candidate bits (bit k: p[base + k]), or n.
static inline size_t first_risky_among(const uint8_t *p, size_t n, size_t base, uint64_t bits) {
    for (; bits != 0; bits = lowest_bits_cleared(bits)) {
        const size_t i = base + (size_t)__builtin_ctzll(bits);
        if (risky_at(p, n, i)) return i;
    }
    return n;
}

// Candidates: (b | 0x20) is '|' exactly for '|' and '\\', is '!' for '!' and 0x01; and 0xE2.
static size_t first_risky_sse2(const uint8_t *p, size_t n) {
    const __m128i case_bit = _mm_set1_epi8(0x20), pipe = _mm_set1_epi8('|'), bang = _mm_set1_epi8('!');
    const __m128i lead = _mm_set1_epi8((char)0xE2);
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t bits = 0;
        for (int k = 0; k < 4; k++) {
            const __m128i v = _mm_loadu_si128((const __m128i *)(p + i + 16 * k));
            const __m128i w = _mm_or_si128(v, case_bit);
            const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, pipe), _mm_cmpeq_epi8(w, bang)), _mm_cmpeq_epi8(v, lead));
            bits |= (uint64_t)(uint32_t)_mm_movemask_epi8(hit) << (16 * k);
        }
        if (bits != 0) {
            const size_t found = first_risky_among(p, n, i, bits);
            if (found < n) return found;
        }
    }
    return first_risky_scalar(p, n, i);
}

__attribute__((target("avx2,bmi,bmi2")))
static size_t first_risky_avx2(const uint8_t *p, size_t n) {
    const __m256i case_bit = _mm256_set1_epi8(0x20), pipe = _mm256_set1_epi8('|'), bang = _mm256_set1_epi8('!');
    const __m256i lead = _mm256_set1_epi8((char)0xE2);
#define ENLINT_RISKY_HITS(v) \
    _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(_mm256_or_si256(v, case_bit), pipe), \
                                    _mm256_cmpeq_epi8(_mm256_or_si256(v, case_bit), bang)), \
                    _mm256_cmpeq_epi8(v, lead))
    size_t i = 0;
    while (i + 128 <= n) {
        // 128 bytes a round, tested at once; the candidates of a round that has some, 64 bytes
        // at a time.
        const __m256i h0 = ENLINT_RISKY_HITS(_mm256_loadu_si256((const __m256i *)(p + i)));
        const __m256i h1 = ENLINT_RISKY_HITS(_mm256_loadu_si256((const __m256i *)(p + i + 32)));
        const __m256i h2 = ENLINT_RISKY_HITS(_mm256_loadu_si256((const __m256i *)(p + i + 64)));
        const __m256i h3 = ENLINT_RISKY_HITS(_mm256_loadu_si256((const __m256i *)(p + i + 96)));
        const __m256i any = _mm256_or_si256(_mm256_or_si256(h0, h1), _mm256_or_si256(h2, h3));
        if (!_mm256_testz_si256(any, any)) {
            const uint64_t low = (uint64_t)(uint32_t)_mm256_movemask_epi8(h0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(h1) << 32;
            const uint64_t high = (uint64_t)(uint32_t)_mm256_movemask_epi8(h2) | (uint64_t)(uint32_t)_mm256_movemask_epi8(h3) << 32;
            size_t found = first_risky_among(p, n, i, low);
            if (found == n) found = first_risky_among(p, n, i + 64, high);
            if (found < n) return found;
        }
        i += 128;
    }
#undef ENLINT_RISKY_HITS
    return first_risky_scalar(p, n, i);
}
#endif

size_t enlint_first_risky_at_level(const uint8_t *p, size_t n, int level) {
#if ENLINT_X86
    if (level >= LEVEL_AVX2 && best_level() >= LEVEL_AVX2) return first_risky_avx2(p, n);
    if (level >= LEVEL_SSE2) return first_risky_sse2(p, n);
#endif
    (void)level;
    return first_risky_scalar(p, n, 0);
}

size_t enlint_first_risky(const uint8_t *p, size_t n) {
    return enlint_first_risky_at_level(p, n, LEVEL_AVX2);
}

// MARK: - Formula triggers at field starts

static inline int is_line_break(uint8_t b) { return b == '\n' || b == '\r'; }

/// Whether p[i] follows a byte that can end a field: i == 0 (a record start), the delimiter,
/// a line break, or a quote (the opening quote of a quoted field, tested further below).
static inline int may_start_field(const uint8_t *p, size_t i, uint8_t delimiter) {
    if (i == 0) return 1;
    const uint8_t prev = p[i - 1];
    return prev == delimiter || prev == '"' || is_line_break(prev);
}

/// Digits, space, '.', '-', '(' and ')': what may follow a leading '+' or '-' in a number or
/// phone number.
static inline int is_phone_byte(uint8_t b) {
    return (uint8_t)(b - '0') < 10 || b == ' ' || b == '.' || b == '-' || b == '(' || b == ')';
}

/// The exact test of one position: whether a field starting at p[i] (unquoted), or whose
/// opening quote is p[i - 1], may hold a formula. p[i] is a record start or follows a byte
/// `may_start_field` accepts.
static int formula_may_start_at(const uint8_t *p, size_t n, size_t i, uint8_t delimiter) {
    const uint8_t c = p[i];
    if (c != '=' && c != '@' && c != '\t' && c != '\r' && c != '+' && c != '-') return 0;
    const int quoted = i > 0 && p[i - 1] == '"';
    if (quoted) {
        // Only an opening quote (at a record start or after the delimiter or a line break) makes
        // p[i] a field's lead; after any other quote p[i] starts no field.
        const size_t q = i - 1;
        if (q > 0 && p[q - 1] != delimiter && !is_line_break(p[q - 1])) return 0;
    } else if (c == '\r') {
        return 0;  // an unquoted CR ends the record: the field before it is empty
    } else if (i > 0 && p[i - 1] != delimiter && !is_line_break(p[i - 1])) {
        return 0;
    }
    if (c != '+' && c != '-') return 1;
    // '+' or '-' and then only number and phone bytes up to the end of the field: no formula.
    size_t j = i + 1;
    while (j < n && is_phone_byte(p[j])) j++;
    if (!quoted) return !(j == n || p[j] == delimiter || is_line_break(p[j]));
    // Quoted: the closing quote must follow, and then the end of the field.
    const int closed = j < n && p[j] == '"' && (j + 1 == n || p[j + 1] == delimiter || is_line_break(p[j + 1]));
    return !closed;
}

/// Whether the sink has seen more positions than it keeps.
static inline int is_full(const enlint_positions *sink) { return sink->count > sink->capacity; }

/// Notes position i, unless the sink is full already; true once it is.
static inline int note(enlint_positions *sink, size_t i) {
    if (is_full(sink)) return 1;
    if (sink->count < sink->capacity) sink->positions[sink->count] = (uint32_t)i;
    return ++sink->count > sink->capacity;
}

static void formula_starts_scalar(const uint8_t *p, size_t n, size_t from, uint8_t delimiter, enlint_positions *sink) {
    for (size_t i = from; i < n; i++) {
        if (may_start_field(p, i, delimiter) && formula_may_start_at(p, n, i, delimiter) && note(sink, i)) return;
    }
}

/// Both scans, a byte at a time, from p[from] on: the portable version, and the AVX2 one's tail.
static void text_scan_scalar(const uint8_t *p, size_t n, size_t from, uint8_t delimiter, enlint_positions *formulas,
                             enlint_positions *risky) {
    for (size_t i = from; i < n; i++) {
        if (may_start_field(p, i, delimiter) && formula_may_start_at(p, n, i, delimiter)) note(formulas, i);
        else if (risky_at(p, n, i)) note(risky, i);
        if (is_full(formulas) && is_full(risky)) return;
    }
}

#if ENLINT_X86
/// Looks at the candidates (bit k: p[base + k]); true when the scan is to stop.
static inline int formula_starts_among(const uint8_t *p, size_t n, size_t base, uint64_t bits, uint8_t delimiter, enlint_positions *sink) {
    for (; bits != 0; bits = lowest_bits_cleared(bits)) {
        const size_t i = base + (size_t)__builtin_ctzll(bits);
        if (formula_may_start_at(p, n, i, delimiter) && note(sink, i)) return 1;
    }
    return 0;
}

// SSE2 loads each block twice, at p + i and at p + i - 1, so that lane k sees a byte and the
// one before it. Candidates: a trigger-like byte after a field-ending-like byte.
//   trigger-like: (b | 0x30) == '=' (CR, 0x1D, '-', '='), (b | 0x22) == '+' (tab, 0x0B, ')', '+'), '@'
//   field-ending-like: the delimiter, '"', and (b | 0x07) == 0x0F (0x08...0x0F: LF and CR among them)
// The extra bytes only cost a look at the position.
static void formula_starts_sse2(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *sink) {
    if (n == 0) return;
    if (formula_may_start_at(p, n, 0, delimiter) && note(sink, 0)) return;
    const __m128i c30 = _mm_set1_epi8(0x30), eq = _mm_set1_epi8('='), c22 = _mm_set1_epi8(0x22), plus = _mm_set1_epi8('+');
    const __m128i atSign = _mm_set1_epi8('@'), delim = _mm_set1_epi8((char)delimiter), quote = _mm_set1_epi8('"');
    const __m128i c07 = _mm_set1_epi8(0x07), c0f = _mm_set1_epi8(0x0F);
    size_t i = 1;
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        const __m128i u = _mm_loadu_si128((const __m128i *)(p + i - 1));
        const __m128i trigger = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(_mm_or_si128(v, c30), eq), _mm_cmpeq_epi8(_mm_or_si128(v, c22), plus)),
            _mm_cmpeq_epi8(v, atSign));
        const __m128i ending = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(u, delim), _mm_cmpeq_epi8(u, quote)), _mm_cmpeq_epi8(_mm_or_si128(u, c07), c0f));
        const uint64_t bits = (uint32_t)_mm_movemask_epi8(_mm_and_si128(trigger, ending));
        if (bits != 0 && formula_starts_among(p, n, i, bits, delimiter, sink)) return;
    }
    formula_starts_scalar(p, n, i, delimiter, sink);
}

/// Two 16-entry tables that classify a byte by its nibbles (lo[b & 15] & hi[b >> 4]), a bit per
/// class. Each bit stands for bytes that share their high nibble and their low nibbles, so a
/// byte gets a bit only if it is in that bit's set.
typedef struct { uint8_t lo[16], hi[16]; } nibble_classes;

static void add_class(nibble_classes *c, uint8_t bit, const char *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        const uint8_t b = (uint8_t)bytes[i];
        c->lo[b & 15] |= bit;
        c->hi[b >> 4] |= bit;
    }
}

/// The classes of the one-pass scan below (see `nibble_classes`), exact for each bit: the
/// formula triggers in bits 0-2 (0x01 '+', '-', tab and CR, with ')' and VT, which only cost a
/// look at a position; 0x02 '='; 0x04 '@'); the bytes after which a field starts in bits 3-4
/// (0x08 '"', LF and CR, with 0x02, '*' and '-'; 0x10 the delimiter); the risky characters in
/// bits 5-7 (0x20 '|' and '\\', 0x40 '!', 0x80 0xE2, the lead byte of the typographic quotes).
enum { SCAN_TRIGGERS = 0x07, SCAN_LINE_BREAK = 0x08, SCAN_RISKY = 0xE0 };

static nibble_classes text_scan_classes(uint8_t delimiter) {
    nibble_classes c = {{0}, {0}};
    add_class(&c, 0x01, "+-\t\r", 4);
    add_class(&c, 0x02, "=", 1);
    add_class(&c, 0x04, "@", 1);
    add_class(&c, 0x08, "\"\n\r", 3);
    add_class(&c, 0x10, (const char *)&delimiter, 1);
    add_class(&c, 0x20, "|\\", 2);
    add_class(&c, 0x40, "!", 1);
    add_class(&c, 0x80, "\xE2", 1);
    return c;
}

/// Nonzero lanes where a trigger follows a byte of any class (the last lane of `before` for
/// lane 0). Any class, not only those that end a field: one operation fewer, and a trigger
/// after a trigger, a risky character or the few extra bytes of the classes, which is rare,
/// only costs a look at the position.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline __m256i formula_hits_avx2(__m256i classes, __m256i before) {
    // The classes shifted up one lane across the two halves: [before[31], classes[0...30]].
    const __m256i previous = _mm256_alignr_epi8(classes, _mm256_permute2x128_si256(before, classes, 0x21), 15);
    return _mm256_min_epu8(_mm256_and_si256(classes, _mm256_set1_epi8(SCAN_TRIGGERS)), previous);
}

/// The nonzero lanes of a and b as the bits of 64 bytes (bit k: byte k).
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline uint64_t nonzero_lanes_avx2(__m256i a, __m256i b) {
    const __m256i zero = _mm256_setzero_si256();
    return ~((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, zero)) |
             (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, zero)) << 32);
}

/// One round of the scan: the 128 bytes at q, after the classes `before` of the bytes before
/// them. Tests them at once, and only when that finds a candidate (rare) sets the candidates'
/// bits, 64 bytes to a word; returns whether it did.
__attribute__((target("avx2,bmi,bmi2"), always_inline))
static inline int text_round_avx2(const uint8_t *q, __m256i lo, __m256i hi, __m256i *before, uint64_t bits[2]) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
#define ENLINT_CLASSES(v) _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nibble)), \
                                           _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble)))
    const __m256i c0 = ENLINT_CLASSES(_mm256_loadu_si256((const __m256i *)q));
    const __m256i c1 = ENLINT_CLASSES(_mm256_loadu_si256((const __m256i *)(q + 32)));
    const __m256i c2 = ENLINT_CLASSES(_mm256_loadu_si256((const __m256i *)(q + 64)));
    const __m256i c3 = ENLINT_CLASSES(_mm256_loadu_si256((const __m256i *)(q + 96)));
#undef ENLINT_CLASSES
    const __m256i f0 = formula_hits_avx2(c0, *before), f1 = formula_hits_avx2(c1, c0);
    const __m256i f2 = formula_hits_avx2(c2, c1), f3 = formula_hits_avx2(c3, c2);
    *before = c3;
    const __m256i risky = _mm256_set1_epi8((char)SCAN_RISKY);
    const __m256i any = _mm256_or_si256(_mm256_or_si256(_mm256_or_si256(f0, f1), _mm256_or_si256(f2, f3)),
                                        _mm256_and_si256(_mm256_or_si256(_mm256_or_si256(c0, c1), _mm256_or_si256(c2, c3)), risky));
    if (__builtin_expect(_mm256_testz_si256(any, any), 1)) return 0;
    bits[0] = nonzero_lanes_avx2(_mm256_or_si256(f0, _mm256_and_si256(c0, risky)), _mm256_or_si256(f1, _mm256_and_si256(c1, risky)));
    bits[1] = nonzero_lanes_avx2(_mm256_or_si256(f2, _mm256_and_si256(c2, risky)), _mm256_or_si256(f3, _mm256_and_si256(c3, risky)));
    return 1;
}

/// Looks at the candidates (bit k: p[base + k]); true when both sinks are full.
__attribute__((noinline))
static int text_scan_among(const uint8_t *p, size_t n, size_t base, uint64_t bits, uint8_t delimiter,
                           enlint_positions *formulas, enlint_positions *risky) {
    for (; bits != 0; bits = lowest_bits_cleared(bits)) {
        const size_t i = base + (size_t)__builtin_ctzll(bits);
        // A candidate is a trigger after a byte of some class, or not a trigger at all.
        if (may_start_field(p, i, delimiter) && formula_may_start_at(p, n, i, delimiter)) note(formulas, i);
        else if (risky_at(p, n, i)) note(risky, i);
        if (is_full(formulas) && is_full(risky)) return 1;
    }
    return 0;
}

__attribute__((target("avx2,bmi,bmi2")))
static void text_scan_avx2(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *formulas,
                           enlint_positions *risky) {
    const nibble_classes c = text_scan_classes(delimiter);
    const __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)c.lo));
    const __m256i hi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)c.hi));
    // p[0] starts a record: as if a line break came before it.
    __m256i before = _mm256_set1_epi8(SCAN_LINE_BREAK);
    uint64_t bits[2];
    size_t i = 0;
    for (; i + 128 <= n; i += 128) {
        if (!text_round_avx2(p + i, lo, hi, &before, bits)) continue;
        if (bits[0] != 0 && text_scan_among(p, n, i, bits[0], delimiter, formulas, risky)) return;
        if (bits[1] != 0 && text_scan_among(p, n, i + 64, bits[1], delimiter, formulas, risky)) return;
    }
    if (i == n) return;
    // The last bytes, copied into a zeroed block: one more round, without its bits past the end
    // (a padding byte's class can only make a candidate of itself or of the padding after it).
    uint8_t block[128] = {0};
    const size_t rest = n - i;
    for (size_t k = 0; k < rest; k++) block[k] = p[i + k];
    if (!text_round_avx2(block, lo, hi, &before, bits)) return;
    const uint64_t low = rest >= 64 ? bits[0] : bits[0] & (((uint64_t)1 << rest) - 1);
    const uint64_t high = rest <= 64 ? 0 : bits[1] & (((uint64_t)1 << (rest - 64)) - 1);
    if (low != 0 && text_scan_among(p, n, i, low, delimiter, formulas, risky)) return;
    if (high != 0) text_scan_among(p, n, i + 64, high, delimiter, formulas, risky);
}
#endif

void enlint_text_scan_at_level(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *formulas,
                               enlint_positions *risky, int level) {
#if ENLINT_X86
    if (level >= LEVEL_AVX2 && best_level() >= LEVEL_AVX2) {
        text_scan_avx2(p, n, delimiter, formulas, risky);
        return;
    }
    if (level >= LEVEL_SSE2) {
        formula_starts_sse2(p, n, delimiter, formulas);
        // The risky characters: a search for the next one, then on after it.
        for (size_t i = 0; i < n && !is_full(risky);) {
            const size_t found = i + first_risky_sse2(p + i, n - i);
            if (found >= n) break;
            note(risky, found);
            i = found + 1;
        }
        return;
    }
#endif
    (void)level;
    text_scan_scalar(p, n, 0, delimiter, formulas, risky);
}

void enlint_text_scan(const uint8_t *p, size_t n, uint8_t delimiter, enlint_positions *formulas, enlint_positions *risky) {
    enlint_text_scan_at_level(p, n, delimiter, formulas, risky, LEVEL_AVX2);
}
