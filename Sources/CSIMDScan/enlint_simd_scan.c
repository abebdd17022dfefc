// Most of the scanning code is static inline in the header. Here: the AVX2 block classifier,
// compiled for AVX2 on its own and called only after `enlint_detect_avx2` said yes.
#include "enlint_simd_scan.h"

#if ENLINT_AVX2_DISPATCH
#include <cpuid.h>
#include <immintrin.h>

int enlint_avx2_state = -1;

int enlint_detect_avx2(void) {
    unsigned a, b, c, d;
    int ok = 0;
    // AVX needs the OS to save the YMM registers (OSXSAVE, then XCR0 bits 1 and 2).
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        if ((lo & 6) == 6 && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2)) ok = 1;
    }
    __atomic_store_n(&enlint_avx2_state, ok, __ATOMIC_RELAXED);
    return ok;
}

__attribute__((target("avx2")))
void enlint_classify64_plain_avx2(const uint8_t *p, uint8_t delimiter, uint64_t *delimiters,
                                  uint64_t *others, uint64_t *nonPlain) {
    const __m256i d = _mm256_set1_epi8((char)delimiter);
    const __m256i q = _mm256_set1_epi8('"');
    const __m256i lf = _mm256_set1_epi8('\n');
    const __m256i cr = _mm256_set1_epi8('\r');
    const __m256i one = _mm256_set1_epi8(1);
    uint64_t dm = 0, om = 0, nm = 0;
    for (int i = 0; i < 2; i++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 * i));
        __m256i o = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, q), _mm256_cmpeq_epi8(v, lf)),
                                    _mm256_cmpeq_epi8(v, cr));
        dm |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, d)) << (32 * i);
        om |= (uint64_t)(uint32_t)_mm256_movemask_epi8(o) << (32 * i);
        // Signed: 1 > v exactly for 0 and the bytes >= 0x80 (negative).
        nm |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(one, v)) << (32 * i);
    }
    *delimiters = dm;
    *others = om;
    *nonPlain = nm;
}
#endif
