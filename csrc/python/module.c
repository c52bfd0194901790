/* module.c — the relcore._core extension module: method tables of each binding file, version
 * constants, multi-phase initialization (no global state). */
#include "binding.h"

/* Every binding file contributes a NULL-terminated method table; they are merged here. */
static PyMethodDef *method_tables[] = {rc_py_normalize_methods, rc_py_segment_methods, NULL};

static int core_exec(PyObject *m)
{
    for (PyMethodDef **t = method_tables; *t; t++) {
        if (PyModule_AddFunctions(m, *t) < 0) return -1;
    }
    if (PyModule_AddStringConstant(m, "__version__", rc_version()) < 0) return -1;
    if (PyModule_AddStringConstant(m, "unicode_version", rc_unicode_version()) < 0) return -1;
    if (rc_py_normalize_register(m) < 0) return -1;
    return 0;
}

static PyModuleDef_Slot core_slots[] = {{Py_mod_exec, core_exec}, {0, NULL}};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "relcore._core",
    .m_doc = "relcore's C core: normalization, segmentation and gazetteer matching.",
    .m_size = 0,
    .m_slots = core_slots,
};

PyMODINIT_FUNC PyInit__core(void) { return PyModuleDef_Init(&core_module); }
