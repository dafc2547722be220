/*
 * Writes a PocketSphinx trie binary LM (en-us.lm.bin) as ARPA text, for the LM pruning study
 * (lm-pruning.ts). Debian's sphinx_lm_convert (sphinxbase 0.8+5prealpha+1-16) aborts on this
 * model: ngram_model_trie_write_arpa asserts that the n-grams found in the trie equal the
 * header's counts, which the trie builder adjusted (lm_trie_fix_counts) when the model was made.
 * This walks the trie with the same library function, into a buffer with room to spare, and
 * writes the counts it actually found. Built against Debian's libsphinxbase.so.3 and the headers of
 * Debian's sphinxbase source (fetched by scripts/build-pocketsphinx-wasm.sh):
 *
 *   gcc -O2 -I<native config dir> -I<sphinxbase>/include -I<sphinxbase>/src/libsphinxbase/lm \
 *     lm-trie-to-arpa.c -l:libsphinxbase.so.3 -o lm-trie-to-arpa
 *   ./lm-trie-to-arpa en-us.lm.bin en-us.arpa
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>
#include "ngram_model_trie.h"
#include "ngrams_raw.h"

static int order_of_sort;

static int by_words(const void *a, const void *b) {
    const ngram_raw_t *x = a, *y = b;
    for (int k = 0; k < order_of_sort; k++) {
        if (x->words[k] != y->words[k]) return x->words[k] < y->words[k] ? -1 : 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s model.lm.bin out.arpa\n", argv[0]);
        return 2;
    }
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *base = ngram_model_read(NULL, argv[1], NGRAM_BIN, lmath);
    if (!base) return 1;
    ngram_model_trie_t *model = (ngram_model_trie_t *) base;
    int n = base->n;
    ngram_raw_t *grams[NGRAM_MAX_ORDER] = {0};
    uint32 found[NGRAM_MAX_ORDER] = {0};
    found[0] = base->n_counts[0];
    for (int i = 2; i <= n; i++) {
        size_t room = (size_t) base->n_counts[i - 1] * 2 + 1024;
        grams[i - 1] = ckd_calloc(room, sizeof(ngram_raw_t));
        uint32 hist[NGRAM_MAX_ORDER];
        node_range_t range = {0, 0};
        lm_trie_fill_raw_ngram(model->trie, grams[i - 1], &found[i - 1], base->n_counts, range, hist, 0, i, n);
        if (found[i - 1] > room) {
            fprintf(stderr, "more %d-grams than room\n", i);
            return 1;
        }
        fprintf(stderr, "%d-grams: header %u, found %u\n", i, base->n_counts[i - 1], found[i - 1]);
        order_of_sort = i;
        qsort(grams[i - 1], found[i - 1], sizeof(ngram_raw_t), by_words);
    }
    FILE *fp = fopen(argv[2], "w");
    if (!fp) return 1;
    fprintf(fp, "\\data\\\n");
    for (int i = 0; i < n; i++) fprintf(fp, "ngram %d=%u\n", i + 1, found[i]);
    fprintf(fp, "\n\\1-grams:\n");
    for (uint32 j = 0; j < base->n_counts[0]; j++) {
        unigram_t *u = &model->trie->unigrams[j];
        fprintf(fp, "%.4f\t%s", logmath_log_float_to_log10(lmath, u->prob), base->word_str[j]);
        if (n > 1) fprintf(fp, "\t%.4f", logmath_log_float_to_log10(lmath, u->bo));
        fprintf(fp, "\n");
    }
    for (int i = 2; i <= n; i++) {
        fprintf(fp, "\n\\%d-grams:\n", i);
        for (uint32 j = 0; j < found[i - 1]; j++) {
            ngram_raw_t *g = &grams[i - 1][j];
            fprintf(fp, "%.4f", logmath_log_float_to_log10(lmath, g->prob));
            for (int k = 0; k < i; k++) fprintf(fp, "\t%s", base->word_str[g->words[k]]);
            if (i < n) fprintf(fp, "\t%.4f", logmath_log_float_to_log10(lmath, g->backoff));
            fprintf(fp, "\n");
        }
    }
    fprintf(fp, "\n\\end\\\n");
    fclose(fp);
    return 0;
}
