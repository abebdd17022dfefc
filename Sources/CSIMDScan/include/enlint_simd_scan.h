#ifndef ENLINT_SIMD_SCAN_H
#define ENLINT_SIMD_SCAN_H

// Classifies 64 bytes at once for the CSV tokenizer: one bit per byte, bit i for p[i]. Static
// inline so Swift inlines it into the scanning loop; SSE2 on x86-64 (always present there),
// a portable scalar loop elsewhere. Reads exactly 64 bytes from p: callers keep that readable.

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Bits set where p[i] == delimiter (in *delimiters), where p[i] is '"', '\n' or '\r' (in
/// *others), and where p[i] is NUL or >= 0x80, anything but plain ASCII text (in *nonPlain):
/// the same loads give all three, so the tokenizer learns for free whether a record needs the
/// engine's UTF-8 and NUL checks. SSE2 (scalar elsewhere): see `enlint_classify64_plain`.
static inline void enlint_classify64_plain_sse2(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                                uint64_t *others, uint64_t *nonPlain) {
#if defined(__SSE2__)
    const __m128i d = _mm_set1_epi8((char)delimiter);
    const __m128i q = _mm_set1_epi8('"');
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i one = _mm_set1_epi8(1);
    uint64_t dm = 0, om = 0, nm = 0;
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        uint64_t dbits = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, d));
        __m128i o = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, lf)),
                                 _mm_cmpeq_epi8(v, cr));
        uint64_t obits = (uint64_t)(uint32_t)_mm_movemask_epi8(o);
        // Signed: 1 > v exactly for 0 and the bytes >= 0x80 (negative).
        uint64_t nbits = (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(one, v));
        dm |= dbits << (16 * i);
        om |= obits << (16 * i);
        nm |= nbits << (16 * i);
    }
    *delimiters = dm;
    *others = om;
    *nonPlain = nm;
#else
    uint64_t dm = 0, om = 0, nm = 0;
    for (int i = 0; i < 64; i++) {
        uint8_t b = p[i];
        dm |= (uint64_t)(b == delimiter) << i;
        om |= (uint64_t)(b == '"' || b == '\n' || b == '\r') << i;
        nm |= (uint64_t)(b == 0 || b >= 0x80) << i;
    }
    *delimiters = dm;
    *others = om;
    *nonPlain = nm;
#endif
}

/// Processor features the AVX2 code paths use, found once with CPUID (AVX2 also needs the
/// operating system to save the YMM registers: OSXSAVE and XCR0): the one check every C file
/// here asks. Bits ENLINT_CPU_*; 0 off x86-64.
#define ENLINT_CPU_AVX2 1
#define ENLINT_CPU_BMI1 2
#define ENLINT_CPU_BMI2 4
int enlint_cpu_features(void);

#if defined(__x86_64__) && !defined(__AVX2__) && (defined(__clang__) || defined(__GNUC__))
// The baseline x86-64 build has only SSE2, whose two-operand instructions need a copy per
// compare: 32-byte AVX2 compares classify a block in well under half the instructions. The
// AVX2 code lives in enlint_simd_scan.c (compiled for AVX2, called only when the CPU and the
// OS support it); the inline SSE2 code stays for every other machine.
#define ENLINT_AVX2_DISPATCH 1
/// 1 when the CPU and the OS support AVX2, 0 when not, -1 before the first check.
extern int enlint_avx2_state;
/// Checks CPUID and XGETBV once, sets `enlint_avx2_state` and returns it.
int enlint_detect_avx2(void);
/// `enlint_classify64_plain_sse2` with AVX2: the classifier the plain-record loop's AVX2 build
/// inlines (enlint_classify_avx2.h), out of line. Call only when `enlint_has_avx2()`.
void enlint_classify64_plain_avx2(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                  uint64_t *others, uint64_t *nonPlain);
#endif

/// Whether `enlint_classify64_plain` uses AVX2 here.
static inline int enlint_has_avx2(void) {
#if ENLINT_AVX2_DISPATCH
    int state = __atomic_load_n(&enlint_avx2_state, __ATOMIC_RELAXED);
    return state > 0 || (state < 0 && enlint_detect_avx2() > 0);
#else
    return 0;
#endif
}

/// The masks of `enlint_classify64_plain_sse2`, by the fastest implementation the machine has.
static inline void enlint_classify64_plain(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                           uint64_t *others, uint64_t *nonPlain) {
#if ENLINT_AVX2_DISPATCH
    if (enlint_has_avx2()) {
        enlint_classify64_plain_avx2(p, delimiter, delimiters, others, nonPlain);
        return;
    }
#endif
    enlint_classify64_plain_sse2(p, delimiter, delimiters, others, nonPlain);
}

/// `enlint_classify64_plain` without the plain-text bits (inlined, the compiler drops their work).
static inline void enlint_classify64(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                     uint64_t *others) {
    uint64_t unused;
    enlint_classify64_plain(p, delimiter, delimiters, others, &unused);
}

/// Index of the first byte of p[0..<n] equal to any of a, b, c, d; n when there is none.
/// Reads only inside p[0..<n].
static inline size_t enlint_find_any4(const uint8_t *p, size_t n, uint8_t a, uint8_t b, uint8_t c,
                                      uint8_t d) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    const __m128i vc = _mm_set1_epi8((char)c), vd = _mm_set1_epi8((char)d);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vd)));
        int bits = _mm_movemask_epi8(m);
        if (bits != 0) return i + (size_t)__builtin_ctz((unsigned)bits);
    }
#endif
    for (; i < n; i++) {
        uint8_t x = p[i];
        if (x == a || x == b || x == c || x == d) return i;
    }
    return n;
}

/// Index of the first byte of p[0..<n] that is NUL or >= 0x80 (not plain ASCII text); n when
/// there is none. Reads only inside p[0..<n].
static inline size_t enlint_first_non_plain(const uint8_t *p, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    // Signed: 1 > v exactly for 0 and the bytes >= 0x80 (negative).
    const __m128i one = _mm_set1_epi8(1);
    for (; i + 16 <= n; i += 16) {
        int bits = _mm_movemask_epi8(_mm_cmpgt_epi8(one, _mm_loadu_si128((const __m128i *)(p + i))));
        if (bits != 0) return i + (size_t)__builtin_ctz((unsigned)bits);
    }
    if (n >= 16 && i < n) {
        // The last 16 bytes, overlapping bytes already seen (all plain): no byte-at-a-time tail.
        int bits = _mm_movemask_epi8(_mm_cmpgt_epi8(one, _mm_loadu_si128((const __m128i *)(p + n - 16))));
        return bits != 0 ? n - 16 + (size_t)__builtin_ctz((unsigned)bits) : n;
    }
#endif
    for (; i < n; i++) {
        if (p[i] == 0 || p[i] >= 0x80) return i;
    }
    return n;
}

/// Whether every byte of p[0..<n] is in 0x01...0x7F (ASCII without NUL).
static inline int enlint_is_plain_ascii(const uint8_t *p, size_t n) {
    return enlint_first_non_plain(p, n) == n;
}

#endif
