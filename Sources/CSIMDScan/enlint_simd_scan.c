// Most of the scanning code is static inline in the header. Here: the AVX2 block classifier,
// compiled for AVX2 on its own and called only after `enlint_detect_avx2` said yes.
#include "enlint_simd_scan.h"

#if ENLINT_AVX2_DISPATCH
#include <cpuid.h>
#include <immintrin.h>

int enlint_avx2_state = -1;

int enlint_detect_avx2(void) {
    int ok = (enlint_cpu_features() & ENLINT_CPU_AVX2) != 0;
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

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>

static int detect_cpu_features(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int avx = (c & bit_OSXSAVE) && (c & bit_AVX);
    if (avx) {
        // The OS saves the XMM and YMM registers: XCR0 bits 1 and 2.
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        avx = (lo & 6) == 6;
    }
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (avx && (b & bit_AVX2) ? ENLINT_CPU_AVX2 : 0) | (b & bit_BMI ? ENLINT_CPU_BMI1 : 0)
        | (b & bit_BMI2 ? ENLINT_CPU_BMI2 : 0);
}

int enlint_cpu_features(void) {
    static int features = -1;  // a race only detects twice
    int f = __atomic_load_n(&features, __ATOMIC_RELAXED);
    if (f < 0) {
        f = detect_cpu_features();
        __atomic_store_n(&features, f, __ATOMIC_RELAXED);
    }
    return f;
}
#else
int enlint_cpu_features(void) { return 0; }
#endif
