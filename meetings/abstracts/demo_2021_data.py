"""The fictional abstracts of the Cytokines 2021 demo call (their presenting authors and the
panel are in `demo_2021`). Every name and institution is invented; the science is plausible,
written for the demo, and reports no real results.

Each abstract: its topic (index into the call's topics), title, body, keywords, authors as
(name, affiliation numbers) with the first presenting, its affiliations, the quality the
panel's scores centre on (1 to 5), and the decision staff record (an oral one with the program
session its talk goes into)."""

INSTITUTE = "Example Institute of Immunology, Exampleton"
UNIVERSITY = "Placeholder University, Department of Medicine"
CENTRE = "Fictional Centre for Inflammation Research"
CANCER = "Illustrative Cancer Institute"
HOSPITAL = "Sample City Hospital Research Unit"
VIRUS = "Demonstration Laboratory of Virology"

# Sessions of the 2021 program (meetings.demo.PROGRAM) oral abstracts go into.
INFECTION = "Cytokines and interferons in infection"
CANCER_SESSION = "Cytokines in cancer"
ALLERGY = "Allergy and autoimmunity"
THERAPY = "New therapeutic interventions targeting cytokines"

ABSTRACTS = [
    # Interferons and antiviral immunity
    {
        "topic": 0,
        "title": "Tonic IFN-\u03b2 primes lung epithelium for a faster IFN-\u03bb response",
        "body": (
            "Background: low, constant type I interferon signalling is thought to keep "
            "barrier cells ready for infection. Methods: we cultured airway epithelium at an "
            "air-liquid interface with and without neutralising antibody to IFN-\u03b2 and "
            "infected it with a model influenza strain. Results: in this illustrative "
            "design, cultures with tonic signalling induce IFN-\u03bb transcripts earlier "
            "and release less virus at 48 h. Conclusion: basal IFN-\u03b2 may set the "
            "tempo of the epithelial antiviral response."
        ),
        "keywords": "IFN-\u03b2, IFN-\u03bb, airway epithelium, influenza",
        "authors": [("Imogen Testwell", (1,)), ("Arlo Fakenham", (1, 2))],
        "affiliations": [INSTITUTE, VIRUS],
        "quality": 5,
        "decision": ("oral", INFECTION),
    },
    {
        "topic": 0,
        "title": "ISG15 conjugation limits viral protein synthesis in primary macrophages",
        "body": (
            "ISG15 is among the most strongly induced interferon-stimulated genes. We "
            "compared primary macrophages from wild-type and ISG15-deficient donors "
            "(simulated cohort) after infection with an RNA virus. Conjugation of ISG15 "
            "to newly made viral proteins coincided with lower viral protein yield, while "
            "free ISG15 had no measurable effect. The balance of free and conjugated ISG15 "
            "may decide its antiviral role in myeloid cells."
        ),
        "keywords": "ISG15, ISGylation, macrophages, RNA virus",
        "authors": [("Rafferty Placeholder", (1,)), ("Nell Imaginary", (1,))],
        "affiliations": [VIRUS],
        "quality": 5,
        "decision": ("oral", INFECTION),
    },
    {
        "topic": 0,
        "title": "cGAS-STING activation by mitochondrial DNA during herpesvirus latency",
        "body": (
            "We asked whether mitochondrial stress during latent herpesvirus infection "
            "feeds the cGAS-STING pathway. In a fibroblast latency model, release of "
            "mitochondrial DNA into the cytosol raised IFN-\u03b2 and CXCL10 expression, "
            "and depleting cGAS abolished both. Latency may thus be accompanied by a low, "
            "self-generated interferon signal."
        ),
        "keywords": "cGAS, STING, mitochondrial DNA, herpesvirus, latency",
        "authors": [("Lucinda Samplesby", (1,)), ("Imogen Testwell", (2,))],
        "affiliations": [UNIVERSITY, INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 0,
        "title": "Plasmacytoid dendritic cells lose IFN-\u03b1 output with age in a mouse model",
        "body": (
            "Plasmacytoid dendritic cells (pDC) make most of the IFN-\u03b1 released early "
            "in viral infection. Comparing young and aged mice stimulated with a TLR7 "
            "agonist, we found fewer pDC in aged spleen and lower IFN-\u03b1 per cell, with "
            "reduced IRF7 expression. Restoring IRF7 in aged pDC partly recovered their "
            "output."
        ),
        "keywords": "pDC, IFN-\u03b1, ageing, IRF7, TLR7",
        "authors": [("Oswin Mockridge", (1,)), ("Talia Nonesuch", (1,))],
        "affiliations": [INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 0,
        "title": "A reporter line for interferon-stimulated gene induction in real time",
        "body": (
            "We describe a human epithelial cell line carrying a fluorescent reporter under "
            "an interferon-stimulated response element. Reporter signal rises within 2 h of "
            "IFN-\u03b1 or IFN-\u03bb treatment, is blocked by a JAK inhibitor and allows "
            "single-cell tracking of heterogeneous responses by time-lapse imaging."
        ),
        "keywords": "ISRE reporter, live imaging, JAK inhibitor",
        "authors": [("Priyanka Demoshah", (1,)), ("Lucinda Samplesby", (2,))],
        "affiliations": [CENTRE, UNIVERSITY],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 0,
        "title": "IFITM3 variants and endosomal Ca^{2+} in viral entry",
        "body": (
            "IFITM3 restricts viral entry at the endosome. In cells expressing two common "
            "IFITM3 variants we measured endosomal Ca^{2+} and the fusion of labelled virus "
            "particles. One variant was associated with higher endosomal Ca^{2+} and more "
            "fusion events. The work suggests a link between ion handling and restriction "
            "that deserves further study."
        ),
        "keywords": "IFITM3, Ca2+, endosome, viral entry",
        "authors": [("Tobias Fictorius", (1,)), ("Arlo Fakenham", (1,))],
        "affiliations": [VIRUS],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 0,
        "title": "Interferon signatures in nasal swabs: a pilot comparison of two assays",
        "body": (
            "We compared a six-gene interferon score from a targeted panel with whole "
            "transcriptome sequencing in nasal swabs from a small illustrative cohort. "
            "Scores agreed closely across the range, suggesting the targeted panel could be "
            "used where sequencing is not available."
        ),
        "keywords": "interferon signature, nasal swab, transcriptomics",
        "authors": [("Henrietta Exampleton", (1,))],
        "affiliations": [HOSPITAL],
        "quality": 2,
        "decision": ("reject", None),
    },
    {
        "topic": 0,
        "title": "STAT2-independent signalling by IFN-\u03b3 in hepatocytes",
        "body": (
            "IFN-\u03b3 acts mainly through STAT1 homodimers, yet some of its antiviral genes "
            "are thought to need STAT2. In STAT2-deficient hepatocyte lines, IFN-\u03b3 still "
            "induced most of its gene programme, including IRF1 and GBP1, and restricted a "
            "model hepatotropic virus nearly as well as in parental cells."
        ),
        "keywords": "IFN-\u03b3, STAT1, STAT2, hepatocytes",
        "authors": [("Kwame Illustro", (1,)), ("Nell Imaginary", (2,))],
        "affiliations": [UNIVERSITY, VIRUS],
        "quality": 3,
        "decision": ("waitlist", None),
    },
    # Cytokines in cancer and immunotherapy
    {
        "topic": 1,
        "title": "Tumour IL-6 drives STAT3 activation in CD8^{+} T cells and blunts checkpoint "
        "blockade",
        "body": (
            "In a syngeneic colon tumour model, tumour cells made IL-6 that activated STAT3 "
            "in infiltrating CD8^{+} T cells and reduced their production of IFN-\u03b3 and "
            "granzyme B. Blocking IL-6 together with anti-PD-1 slowed tumour growth more than "
            "either alone. IL-6 may be one reason some tumours resist checkpoint blockade."
        ),
        "keywords": "IL-6, STAT3, CD8+ T cells, PD-1, tumour microenvironment",
        "authors": [("Sigrid Notreal", (1,)), ("Quentin Hypothetico", (1, 2))],
        "affiliations": [CANCER, INSTITUTE],
        "quality": 5,
        "decision": ("oral", CANCER_SESSION),
    },
    {
        "topic": 1,
        "title": "An engineered IL-2 that spares regulatory T cells expands tumour-specific "
        "CD8^{+} cells",
        "body": (
            "We designed an IL-2 variant with weakened binding to CD25 (IL-2R\u03b1). In "
            "tumour-bearing mice it expanded CD8^{+} effector cells and NK cells without "
            "expanding Foxp3^{+} regulatory T cells, and caused less vascular leak than "
            "high-dose wild-type IL-2."
        ),
        "keywords": "IL-2, CD25, regulatory T cells, cytokine engineering",
        "authors": [("Mateo Inventado", (1,)), ("Sigrid Notreal", (2,))],
        "affiliations": [INSTITUTE, CANCER],
        "quality": 5,
        "decision": ("oral", CANCER_SESSION),
    },
    {
        "topic": 1,
        "title": "TGF-\u03b2 in the stroma excludes T cells from pancreatic tumour nests",
        "body": (
            "Using multiplex imaging of a model of pancreatic cancer, we mapped active "
            "TGF-\u03b2 signalling to fibroblasts bordering tumour nests where T cells "
            "gathered but did not enter. Fibroblast-specific deletion of the TGF-\u03b2 "
            "receptor let T cells into the nests."
        ),
        "keywords": "TGF-\u03b2, cancer-associated fibroblasts, T cell exclusion",
        "authors": [("Yuki Kakuuno", (1,)), ("Quentin Hypothetico", (1,))],
        "affiliations": [CANCER],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 1,
        "title": "IL-15 trans-presentation sustains NK cells in the bone marrow niche",
        "body": (
            "NK cells depend on IL-15 presented in trans by IL-15R\u03b1. We found that "
            "stromal cells of the bone marrow are a main source of trans-presented IL-15 in "
            "mice carrying a leukaemia model, and that NK cell numbers fall when stromal "
            "IL-15R\u03b1 is removed."
        ),
        "keywords": "IL-15, IL-15R\u03b1, NK cells, leukaemia, bone marrow",
        "authors": [("Beatrix Dummington", (1,)), ("Talia Nonesuch", (2,))],
        "affiliations": [HOSPITAL, INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 1,
        "title": "CXCL9 and CXCL10 in serum as markers of response to checkpoint therapy",
        "body": (
            "In serum samples from an illustrative cohort treated with checkpoint inhibitors, "
            "a rise in CXCL9 and CXCL10 at three weeks was more common in patients whose "
            "tumours later shrank. The chemokines may be worth testing prospectively as "
            "early indicators of response."
        ),
        "keywords": "CXCL9, CXCL10, checkpoint inhibitors, serum markers",
        "authors": [("Cormac Specimen", (1,)), ("Yuki Kakuuno", (2,))],
        "affiliations": [HOSPITAL, CANCER],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 1,
        "title": "TNF-\u03b1 promotes invasion of melanoma cells through NF-\u03baB-dependent MMP9",
        "body": (
            "Melanoma cells exposed to TNF-\u03b1 invaded collagen gels more readily and "
            "expressed more MMP9. An inhibitor of IKK\u03b2 prevented both. Inflammation "
            "around a primary tumour could thus favour its local invasion."
        ),
        "keywords": "TNF-\u03b1, NF-\u03baB, MMP9, melanoma, invasion",
        "authors": [("Amelie Trialle", (1,))],
        "affiliations": [CANCER],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 1,
        "title": "Type I interferon after radiotherapy recruits dendritic cells to tumours",
        "body": (
            "Radiotherapy of mouse tumours increased IFN-\u03b2 expression within 24 h and "
            "the number of cross-presenting dendritic cells within three days; mice lacking "
            "the type I interferon receptor showed neither change. Combining radiotherapy "
            "with a STING agonist increased dendritic cell recruitment further."
        ),
        "keywords": "radiotherapy, IFN-\u03b2, dendritic cells, STING",
        "authors": [("Desmond Protocolle", (1,)), ("Mateo Inventado", (2,))],
        "affiliations": [CANCER, INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 1,
        "title": "GM-CSF from tumour cells and the accumulation of myeloid suppressor cells",
        "body": (
            "We measured GM-CSF in culture supernatants of eight tumour cell lines and "
            "related it to the number of myeloid-derived suppressor cells in mice carrying "
            "each tumour. Higher GM-CSF went with more suppressor cells, though the "
            "relationship was not tested causally."
        ),
        "keywords": "GM-CSF, MDSC, tumour cell lines",
        "authors": [("Farida Modelova", (1,))],
        "affiliations": [UNIVERSITY],
        "quality": 2,
        "decision": ("reject", None),
    },
    {
        "topic": 1,
        "title": "IL-18 binding protein limits the antitumour activity of IL-18",
        "body": (
            "IL-18 activates NK and T cells but is neutralised by IL-18 binding protein "
            "(IL-18BP), which tumours can induce through IFN-\u03b3. An IL-18 variant that "
            "escapes IL-18BP slowed tumour growth in mice where wild-type IL-18 failed."
        ),
        "keywords": "IL-18, IL-18BP, decoy receptor, NK cells",
        "authors": [("Sigrid Notreal", (1,)), ("Quentin Hypothetico", (1,))],
        "affiliations": [CANCER],
        "quality": 3,
        "decision": ("waitlist", None),
    },
    # Inflammation, autoimmunity and allergy
    {
        "topic": 2,
        "title": "IL-33 released by damaged epithelium activates ILC2 in a model of "
        "allergic asthma",
        "body": (
            "After repeated exposure to a house dust mite extract, bronchial epithelium "
            "released IL-33 that activated group 2 innate lymphoid cells (ILC2) to make IL-5 "
            "and IL-13. Blocking the IL-33 receptor ST2 reduced airway eosinophils and "
            "mucus. The alarmin axis may be an early point of intervention."
        ),
        "keywords": "IL-33, ST2, ILC2, asthma, eosinophils",
        "authors": [("Henrietta Exampleton", (1,)), ("Bram Pseudonymous", (2,))],
        "affiliations": [HOSPITAL, CENTRE],
        "quality": 5,
        "decision": ("oral", ALLERGY),
    },
    {
        "topic": 2,
        "title": "IL-17A and neutrophil extracellular traps in a model of psoriasis",
        "body": (
            "In imiquimod-treated mouse skin, IL-17A increased neutrophil extracellular trap "
            "formation, and traps in turn induced more IL-17A from \u03b3\u03b4 T cells. "
            "Digesting traps with DNase interrupted the loop and reduced skin thickening."
        ),
        "keywords": "IL-17A, NETs, psoriasis, \u03b3\u03b4 T cells",
        "authors": [("Kwame Illustro", (1,)), ("Bram Pseudonymous", (1,))],
        "affiliations": [CENTRE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 2,
        "title": "NLRP3 activation and IL-1\u03b2 release by K^{+} efflux in synovial macrophages",
        "body": (
            "Synovial macrophages from an arthritis model released IL-1\u03b2 when K^{+} "
            "efflux was triggered with nigericin, and the release was prevented by a "
            "selective NLRP3 inhibitor. Raising extracellular K^{+} had the same effect, "
            "consistent with K^{+} efflux as the common trigger."
        ),
        "keywords": "NLRP3, IL-1\u03b2, inflammasome, potassium efflux, arthritis",
        "authors": [("Beatrix Dummington", (1,)), ("Rosalind Madeup", (2,))],
        "affiliations": [HOSPITAL, UNIVERSITY],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 2,
        "title": "Type I interferon signature and disease activity in a lupus cohort",
        "body": (
            "We measured a type I interferon gene score in blood from an illustrative lupus "
            "cohort over 12 months. The score was stable within most patients and higher in "
            "those with active nephritis, but changed little with flares."
        ),
        "keywords": "lupus, interferon signature, nephritis",
        "authors": [("Cormac Specimen", (1,)), ("Rosalind Madeup", (1,))],
        "affiliations": [HOSPITAL],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 2,
        "title": "T_{H}17 cells and IL-22 in the repair of the colonic epithelium",
        "body": (
            "After chemical injury of the mouse colon, T_{H}17 cells were a main source of "
            "IL-22, which promoted proliferation of epithelial stem cells through STAT3. "
            "Mice lacking IL-22 healed more slowly. IL-22 appears to link T_{H}17 "
            "inflammation with tissue repair."
        ),
        "keywords": "TH17, IL-22, STAT3, colitis, epithelial repair",
        "authors": [("Amelie Trialle", (1,)), ("Bram Pseudonymous", (2,))],
        "affiliations": [UNIVERSITY, CENTRE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 2,
        "title": "Mast cell TNF-\u03b1 in a model of food allergy",
        "body": (
            "Mice sensitised to a food protein and then challenged showed a rapid rise in "
            "serum TNF-\u03b1 from mast cells. Mice whose mast cells lacked TNF-\u03b1 had "
            "milder drops in body temperature."
        ),
        "keywords": "mast cells, TNF-\u03b1, food allergy, anaphylaxis",
        "authors": [("Oswin Mockridge", (1,))],
        "affiliations": [INSTITUTE],
        "quality": 2,
        "decision": ("reject", None),
    },
    {
        "topic": 2,
        "title": "Regulatory T cells need IL-10 to control inflammation in a model of arthritis",
        "body": (
            "In collagen-induced arthritis, regulatory T cells lacking IL-10 failed to "
            "protect joints on transfer, though they suppressed T cell proliferation in "
            "culture as well as wild-type cells. IL-10 may matter more for control in "
            "tissue than the usual suppression assay suggests."
        ),
        "keywords": "regulatory T cells, IL-10, arthritis",
        "authors": [("Tobias Fictorius", (1,)), ("Rosalind Madeup", (2,))],
        "affiliations": [CENTRE, UNIVERSITY],
        "quality": 3,
        "decision": ("poster", None),
    },
    # Cytokine signalling and regulation
    {
        "topic": 3,
        "title": "SOCS3 sets the duration of IL-6 signalling in hepatocytes",
        "body": (
            "We followed phosphorylated STAT3 after IL-6 stimulation of hepatocytes with and "
            "without SOCS3. Without SOCS3 the signal lasted hours instead of minutes and the "
            "acute-phase gene programme broadened. A simple model of the feedback loop "
            "reproduced both time courses."
        ),
        "keywords": "SOCS3, IL-6, STAT3, negative feedback, acute phase",
        "authors": [("Yuki Kakuuno", (1,)), ("Ezra Conjecture", (1,))],
        "affiliations": [INSTITUTE],
        "quality": 5,
        "decision": ("oral", THERAPY),
    },
    {
        "topic": 3,
        "title": "A JAK1-selective inhibitor spares IL-2 signalling in human T cells",
        "body": (
            "In human T cells, a JAK1-selective inhibitor blocked IFN-\u03b3- and "
            "IL-6-induced STAT phosphorylation at concentrations that left IL-2-induced "
            "STAT5 phosphorylation largely intact. Selectivity at this level could help "
            "keep T cell homeostasis during treatment."
        ),
        "keywords": "JAK1, JAK inhibitors, IL-2, STAT5, selectivity",
        "authors": [("Desmond Protocolle", (1,)), ("Ezra Conjecture", (2,))],
        "affiliations": [HOSPITAL, INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 3,
        "title": "Soluble IL-6 receptor shed by ADAM17 enables trans-signalling in endothelium",
        "body": (
            "Endothelial cells lack membrane IL-6 receptor but respond to IL-6 bound to its "
            "soluble receptor. Neutrophils shed the receptor through ADAM17 when activated; "
            "supernatants of activated neutrophils made endothelial cells express adhesion "
            "molecules, an effect blocked by soluble gp130-Fc."
        ),
        "keywords": "IL-6 trans-signalling, ADAM17, sIL-6R, gp130",
        "authors": [("Priyanka Demoshah", (1,)), ("Ezra Conjecture", (2,))],
        "affiliations": [CENTRE, INSTITUTE],
        "quality": 4,
        "decision": ("poster", None),
    },
    {
        "topic": 3,
        "title": "Phosphatase PTPN2 restrains IFN-\u03b3 signalling in intestinal epithelium",
        "body": (
            "Organoids lacking the phosphatase PTPN2 showed prolonged STAT1 phosphorylation "
            "after IFN-\u03b3 and more epithelial cell death. Lower JAK inhibitor doses "
            "restored survival, suggesting a way to compensate for loss of this regulator."
        ),
        "keywords": "PTPN2, IFN-\u03b3, STAT1, organoids",
        "authors": [("Farida Modelova", (1,)), ("Talia Nonesuch", (2,))],
        "affiliations": [UNIVERSITY, INSTITUTE],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 3,
        "title": "Receptor clustering and the dose response to IL-7",
        "body": (
            "Using single-molecule imaging on T cells, we counted IL-7 receptor complexes "
            "at increasing IL-7 doses. Clusters formed above a threshold dose and coincided "
            "with the switch to full STAT5 activation, suggesting clustering sharpens the "
            "response."
        ),
        "keywords": "IL-7, receptor clustering, STAT5, single-molecule imaging",
        "authors": [("Mateo Inventado", (1,))],
        "affiliations": [INSTITUTE],
        "quality": 3,
        "decision": ("poster", None),
    },
    {
        "topic": 3,
        "title": "Tristetraprolin and the decay of TNF-\u03b1 mRNA after LPS",
        "body": (
            "We measured TNF-\u03b1 mRNA half-life (t_{1/2}) in macrophages after LPS with "
            "and without tristetraprolin. Its loss doubled t_{1/2} and prolonged "
            "TNF-\u03b1 secretion, showing how much of the response is set after "
            "transcription."
        ),
        "keywords": "tristetraprolin, mRNA decay, TNF-\u03b1, LPS",
        "authors": [("Lucinda Samplesby", (1,))],
        "affiliations": [UNIVERSITY],
        "quality": 2,
        "decision": ("reject", None),
    },
]
