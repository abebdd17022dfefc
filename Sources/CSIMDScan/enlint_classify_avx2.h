#ifndef ENLINT_CLASSIFY_AVX2_H
#define ENLINT_CLASSIFY_AVX2_H

// The AVX2 block classifier: inlined into the AVX2 build of the plain-record loop, and wrapped
// as `enlint_classify64_plain_avx2` for BlockClassifier and the tests, which so check the code
// the loop runs. Internal to CSIMDScan: compiled only into functions built for AVX2.

#include <immintrin.h>
#include <stdint.h>

/// `enlint_classify64_plain_sse2`'s masks with AVX2. Call only when the CPU has AVX2.
__attribute__((target("avx2"), always_inline)) static inline void enlint_classify64_plain_avx2_inline(
    const uint8_t *p, uint8_t delimiter, uint64_t *delimiters, uint64_t *others, uint64_t *nonPlain) {
    const __m256i d = _mm256_set1_epi8((char)delimiter);
    // Quote, LF and CR have different low nibbles (2, A, D): a byte is one of them when the
    // table entry at its low nibble is the byte itself. Bytes >= 0x80 look up 0 (and are not 0).
    const __m256i table = _mm256_setr_epi8(
        -1, -1, '"', -1, -1, -1, -1, -1, -1, -1, '\n', -1, -1, '\r', -1, -1,
        -1, -1, '"', -1, -1, -1, -1, -1, -1, -1, '\n', -1, -1, '\r', -1, -1);
    const __m256i one = _mm256_set1_epi8(1);
    __m256i lo = _mm256_loadu_si256((const __m256i *)p);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(p + 32));
#define ENLINT_OTHERS(v) _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, v), v)
#define ENLINT_BITS(x, y) \
    ((uint64_t)(uint32_t)_mm256_movemask_epi8(x) | (uint64_t)(uint32_t)_mm256_movemask_epi8(y) << 32)
    *delimiters = ENLINT_BITS(_mm256_cmpeq_epi8(lo, d), _mm256_cmpeq_epi8(hi, d));
    *others = ENLINT_BITS(ENLINT_OTHERS(lo), ENLINT_OTHERS(hi));
    // Signed: 1 > v exactly for 0 and the bytes >= 0x80 (negative).
    *nonPlain = ENLINT_BITS(_mm256_cmpgt_epi8(one, lo), _mm256_cmpgt_epi8(one, hi));
#undef ENLINT_OTHERS
#undef ENLINT_BITS
}

#endif
