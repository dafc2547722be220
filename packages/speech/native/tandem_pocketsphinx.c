/*
 * Tandem's thin C API over PocketSphinx, the only symbols the WebAssembly build exports.
 *
 * Why a wrapper instead of exporting ps_* directly: the JS side then needs no knowledge of
 * cmd_ln_t, ps_seg_t iterators or int32 out-parameters, and one call returns everything an
 * utterance produced. Strings returned are owned here and valid until the next call on the
 * same decoder; the worker copies them into JS strings at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <emscripten.h>
#include <pocketsphinx.h>
#include <sphinxbase/err.h>

typedef struct {
    ps_decoder_t *ps;
    cmd_ln_t *config;
    char *segments;   /* last segment listing, see tandem_ps_segments */
    size_t segments_cap;
} tandem_decoder_t;

/* Logging off unless asked: PocketSphinx writes hundreds of lines per model load to stderr. */
EMSCRIPTEN_KEEPALIVE void tandem_ps_set_logging(int on) {
    err_set_logfp(on ? stderr : NULL);
}

/*
 * argv holds PocketSphinx options as pairs ("-hmm", "/models/en-us", "-lm", ...), exactly as the
 * command-line tools take them, so every option the decoder knows is reachable without new C.
 * Returns a handle, or 0 when the options or the model files are rejected.
 */
EMSCRIPTEN_KEEPALIVE tandem_decoder_t *tandem_ps_init(int argc, char **argv) {
    cmd_ln_t *config = cmd_ln_parse_r(NULL, ps_args(), argc, argv, FALSE);
    if (config == NULL) return NULL;
    ps_decoder_t *ps = ps_init(config);
    if (ps == NULL) {
        cmd_ln_free_r(config);
        return NULL;
    }
    tandem_decoder_t *d = calloc(1, sizeof(*d));
    d->ps = ps;
    d->config = config;
    return d;
}

EMSCRIPTEN_KEEPALIVE int tandem_ps_frame_rate(tandem_decoder_t *d) {
    return cmd_ln_int32_r(d->config, "-frate");
}

/*
 * Each utterance starts a new stream, so frame numbers (and word times) count from its first
 * sample; without it they continue from the previous utterance.
 */
EMSCRIPTEN_KEEPALIVE int tandem_ps_start(tandem_decoder_t *d) {
    if (ps_start_stream(d->ps) < 0) return -1;
    return ps_start_utt(d->ps);
}

/* Feeds 16-bit mono PCM at the model's rate; returns frames searched, or < 0 on error. */
EMSCRIPTEN_KEEPALIVE int tandem_ps_process(tandem_decoder_t *d, const int16 *samples, int n) {
    return ps_process_raw(d->ps, samples, (size_t)n, FALSE, FALSE);
}

/* 1 while the decoder's own energy detector hears speech in the current utterance. */
EMSCRIPTEN_KEEPALIVE int tandem_ps_in_speech(tandem_decoder_t *d) {
    return ps_get_in_speech(d->ps);
}

EMSCRIPTEN_KEEPALIVE int tandem_ps_end(tandem_decoder_t *d) {
    return ps_end_utt(d->ps);
}

/* Best hypothesis so far (partial during an utterance, final after tandem_ps_end); "" if none. */
EMSCRIPTEN_KEEPALIVE const char *tandem_ps_hyp(tandem_decoder_t *d) {
    int32 score;
    const char *hyp = ps_get_hyp(d->ps, &score);
    return hyp ? hyp : "";
}

static void append(tandem_decoder_t *d, size_t *len, const char *text) {
    size_t n = strlen(text);
    if (*len + n + 1 > d->segments_cap) {
        size_t cap = d->segments_cap ? d->segments_cap : 1024;
        while (*len + n + 1 > cap) cap *= 2;
        d->segments = realloc(d->segments, cap);
        d->segments_cap = cap;
    }
    memcpy(d->segments + *len, text, n + 1);
    *len += n;
}

/*
 * Word segments of the best path, one per line: "word\tstartFrame\tendFrame\tlogProb\n".
 * Includes fillers (<s>, </s>, <sil>, [NOISE]); the JS side decides what to keep.
 */
EMSCRIPTEN_KEEPALIVE const char *tandem_ps_segments(tandem_decoder_t *d) {
    size_t len = 0;
    append(d, &len, "");
    for (ps_seg_t *seg = ps_seg_iter(d->ps); seg != NULL; seg = ps_seg_next(seg)) {
        int sf, ef;
        int32 ascr, lscr, lback;
        char line[64];
        ps_seg_frames(seg, &sf, &ef);
        int32 prob = ps_seg_prob(seg, &ascr, &lscr, &lback);
        append(d, &len, ps_seg_word(seg));
        snprintf(line, sizeof line, "\t%d\t%d\t%d\n", sf, ef, (int)prob);
        append(d, &len, line);
    }
    return d->segments;
}

EMSCRIPTEN_KEEPALIVE void tandem_ps_free(tandem_decoder_t *d) {
    if (d == NULL) return;
    ps_free(d->ps);
    cmd_ln_free_r(d->config);
    free(d->segments);
    free(d);
}
