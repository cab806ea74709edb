"""Word lists the demo program is built from: topics, names, institutions, rooms."""

#: Topics are written in sentence case so one phrase serves both titles and descriptions.
# The lists are data, laid out for reading: the formatter leaves them as written.
# fmt: off
TRACKS = {
    "Addiction Psychiatry": (
        "buprenorphine induction in the fentanyl era", "contingency management for stimulant use disorder",
        "alcohol use disorder pharmacotherapy", "cannabis use and psychosis risk", "harm reduction",
        "opioid use disorder in pregnancy", "methadone treatment reform", "gambling disorder",
        "co-occurring substance use and mood disorders", "adolescent vaping and nicotine dependence"),
    "Child and Adolescent Psychiatry": (
        "ADHD across development", "pediatric anxiety disorders", "adolescent depression",
        "autism spectrum disorder", "youth suicide risk screening", "school-based mental health services",
        "pediatric mental health boarding", "social media and adolescent mental health",
        "early childhood mental health", "care for gender-diverse youth"),
    "Consultation-Liaison Psychiatry": (
        "delirium prevention and management", "decision-making capacity evaluations", "catatonia",
        "psychiatric care in the medical ICU", "psycho-oncology", "transplant psychiatry",
        "agitation management in the general hospital", "somatic symptom disorders", "HIV psychiatry",
        "neuropsychiatric symptoms of long COVID"),
    "Forensic Psychiatry": (
        "violence risk assessment", "competency to stand trial", "the insanity defense",
        "psychiatric care in jails and prisons", "malpractice risk in psychiatric practice", "civil commitment",
        "threat assessment", "mental health courts and diversion"),
    "Geriatric Psychiatry": (
        "late-life depression", "behavioral symptoms of dementia", "anti-amyloid therapies",
        "deprescribing in older adults", "loneliness in late life", "late-onset psychosis", "caregiver burden",
        "mild cognitive impairment"),
    "Psychosis and Schizophrenia": (
        "coordinated specialty care for early psychosis", "clozapine", "long-acting injectable antipsychotics",
        "clinical high risk for psychosis", "cognitive behavioral therapy for psychosis", "tardive dyskinesia",
        "muscarinic agents for schizophrenia", "metabolic monitoring on antipsychotics",
        "family psychoeducation", "negative symptoms"),
    "Mood Disorders": (
        "treatment-resistant depression", "bipolar depression", "lithium in modern practice",
        "ketamine and esketamine", "measurement-based care for depression", "mixed features",
        "rapid-acting antidepressants", "psilocybin-assisted therapy", "maintenance treatment of bipolar disorder"),
    "Women's Mental Health": (
        "perinatal depression", "psychopharmacology in pregnancy and lactation", "premenstrual dysphoric disorder",
        "perimenopause and mood", "intimate partner violence", "postpartum psychosis",
        "infertility and mental health", "reproductive psychiatry training"),
    "Psychotherapy": (
        "dialectical behavior therapy", "psychodynamic psychotherapy", "motivational interviewing",
        "cognitive processing therapy", "mentalization-based treatment", "brief psychotherapies",
        "the therapeutic alliance", "group psychotherapy"),
    "Digital Psychiatry": (
        "large language models in clinical documentation", "telepsychiatry", "digital phenotyping",
        "prescription digital therapeutics", "mental health apps", "remote measurement-based care",
        "patient portals and professional boundaries", "machine learning for suicide risk prediction"),
    "Diversity and Health Equity": (
        "structural racism and mental health", "language access and interpreter use",
        "mental health of immigrants and refugees", "culturally responsive care", "LGBTQ+ mental health",
        "rural mental health access", "social determinants of mental health",
        "pathway programs into psychiatry"),
    "Residents and Medical Students": (
        "applying to psychiatry residency", "choosing a fellowship", "research during residency",
        "the psychiatry match", "burnout in training", "mentorship for international medical graduates",
        "careers in academic psychiatry", "giving and receiving feedback", "the first year of residency"),
    "Neuropsychiatry": (
        "functional neurological disorder", "traumatic brain injury", "neuropsychiatric symptoms of epilepsy",
        "autoimmune encephalitis", "deep brain stimulation", "transcranial magnetic stimulation",
        "electroconvulsive therapy", "neuroimaging for the psychiatrist"),
    "Trauma and PTSD": (
        "prolonged exposure therapy", "PTSD in veterans", "adverse childhood experiences", "moral injury",
        "MDMA-assisted therapy", "complex PTSD", "trauma-informed care", "disaster psychiatry"),
    "Eating Disorders": (
        "anorexia nervosa in adolescents", "binge-eating disorder", "ARFID",
        "medical complications of eating disorders", "family-based treatment", "eating disorders in men",
        "GLP-1 agonists and disordered eating", "higher levels of care for eating disorders"),
    "Sleep": (
        "insomnia and CBT-I", "sleep and bipolar disorder", "nightmares in PTSD", "circadian rhythm disorders",
        "adolescent sleep", "obstructive sleep apnea and depression", "hypnotic deprescribing"),
    "Anxiety and OCD": (
        "obsessive-compulsive disorder", "exposure and response prevention", "panic disorder",
        "generalized anxiety disorder", "hoarding disorder", "body dysmorphic disorder", "benzodiazepine tapering"),
    "Psychopharmacology": (
        "drug interactions in psychiatry", "pharmacogenomic testing", "antidepressant discontinuation",
        "polypharmacy", "off-label prescribing", "new drug approvals", "the stimulant shortage"),
    "Suicide Prevention": (
        "safety planning", "lethal means counseling", "suicide risk after discharge", "caring contacts",
        "988 and crisis services", "zero suicide in health systems"),
    "Public and Community Psychiatry": (
        "assertive community treatment", "homelessness and serious mental illness", "mobile crisis teams",
        "collaborative care", "psychiatric boarding", "housing first", "the psychiatric workforce shortage",
        "mental health parity"),
    "Physician Well-Being": (
        "physician burnout", "physician suicide", "peer support programs", "moral distress among clinicians",
        "parenting during residency", "sustainable careers in psychiatry"),
    "Global Mental Health": (
        "task sharing in low-resource settings", "humanitarian crises and mental health",
        "global psychiatry training", "mental health after forced migration"),
}
POPULATIONS = (
    "older adults", "adolescents", "veterans", "college students", "pregnant and postpartum patients",
    "immigrants and refugees", "people experiencing homelessness", "patients with serious mental illness",
    "LGBTQ+ youth", "physicians in training", "rural patients", "patients with limited English proficiency",
    "incarcerated people", "first responders",
)
SETTINGS = (
    "the emergency department", "primary care", "rural communities", "telehealth", "inpatient units",
    "community mental health centers", "correctional settings", "schools", "the general hospital",
    "private practice", "academic medical centers", "the Veterans Health Administration", "college counseling centers",
)
CASES = (
    "a 19-year-old college student", "a 72-year-old widower", "a pregnant patient", "a patient with chronic pain",
    "a patient experiencing homelessness", "a veteran after deployment", "a physician-patient",
    "an adolescent in the emergency department", "a patient with intellectual disability",
)
LECTURE_SERIES = (
    "distinguished psychiatrist lecture", "frontiers of science lecture", "research colloquium lecture",
    "early career investigator lecture", "clinical excellence lecture", "health equity lecture",
)
MIDDLES = (
    "Speakers highlight disparities in access and outcomes for {population}.",
    "Recent trial data and practice guidelines are summarized, with attention to what should change practice.",
    "Case examples illustrate common pitfalls and how to avoid them.",
    "The discussion covers measurement-based care, shared decision-making, and team-based models.",
    "Special attention is given to implementation in {setting}.",
    "Presenters draw on experience from academic, community, and public-sector programs.",
    "Ethical and legal considerations are addressed throughout.",
    "The session also considers how {other} relates to {topic}.",
)
CLOSINGS = (
    "Attendees will leave with strategies they can use in their next clinic session.",
    "Ample time is reserved for questions and discussion.",
    "Residents, fellows, and medical students are especially welcome.",
    "Participants will receive a list of key references and tools.",
    "This session is appropriate for clinicians at all career stages.",
)

FIRST_NAMES = (
    "Aaliyah Aaron Abigail Adaeze Adriana Ahmed Aisha Alejandro Alexis Ali Amara Amir Ana Andrea Andrew Angela "
    "Anil Anjali Arjun Ava Ayesha Benjamin Bianca Brandon Brian Caleb Camila Carlos Carmen Catherine Chen Chidi "
    "Chloe Christopher Claire Daniel Danielle David Deepa Devon Diana Diego Dmitri Eduardo Elena Elif Elijah "
    "Elizabeth Emeka Emily Emmanuel Eric Esther Ethan Fatima Felipe Folasade Gabriel Grace Hannah Hassan Hiroshi "
    "Hye-jin Ibrahim Imani Isabel Jacob Jamal James Jasmine Javier Jennifer Jessica Ji-woo Joanna Jonathan Jordan "
    "José Joseph Julia Julian Kavya Keisha Kenji Kevin Kofi Laila Laura Leah Leila Li Lucas Luis Madeline Malik "
    "Maria Mariam Marcus Maya Mei Michael Michelle Miguel Mohammed Nadia Naomi Natalia Nathan Neha Nicole Nikhil "
    "Nina Noah Obinna Olivia Omar Oluwaseun Paul Pooja Priya Rachel Rahul Rebecca Renée Ricardo Robert Rohan Rosa "
    "Ryan Samantha Samuel Sana Sara Sean Shreya Simone Sofia Soo-min Sophia Stephanie Tariq Teresa Thomas Tiffany "
    "Tomás Valentina Vanessa Victoria Vikram Wei William Xin Yara Yasmin Yusuf Zainab Zoë"
).split()
LAST_NAMES = (
    "Abara Abebe Adeyemi Aguilar Ahmed Akhtar Alvarez Anderson Bailey Banerjee Barnes Bell Bennett Bhatt Brooks "
    "Bui Butler Campbell Carter Castillo Chang Chaudhry Chen Cho Choi Chowdhury Clarke Cohen Coleman Collins "
    "Cooper Cruz Das Davis Delgado Desai Diaz Dubois Edwards Eze Farouk Fernandez Fischer Flores Foster Friedman "
    "Gallagher Garcia García-López Ghosh Goldberg Gomez Gonzalez Gordon Greene Gupta Gutierrez Haddad Haile Hall "
    "Hamilton Harris Hassan Hayes Henderson Hernandez Hoang Hughes Ibrahim Iyer Jackson Jain James Jenkins Johnson "
    "Joshi Kaplan Kapoor Kaur Kelly Khan Kim King Kowalski Kumar Kwon Le Lee Levy Lewis Li Lim Lin Liu Lopez "
    "Malhotra Martin Martinez Mehta Mendoza Mensah Miller Mitchell Molina Moore Morales Morgan Murphy Nair Nakamura "
    "Ng Nguyen Novak Núñez Nwosu O'Brien O'Connor Okafor Okonkwo Oliveira Ortiz Owusu Park Patel Perez Perry "
    "Petrov Pham Phillips Powell Price Qureshi Ramirez Rao Reddy Reyes Richardson Rivera Roberts Robinson "
    "Rodriguez Romero Rosen Ross Russell Saito Salazar Sanchez Sanders Santos Sato Schwartz Scott Shah Shapiro "
    "Sharma Silva Singh Sokolov Stewart Sullivan Suzuki Tanaka Taylor Tesfaye Thomas Thompson Torres Tran Turner "
    "Vargas Vasquez Walker Wang Ward Washington Watson Weiss White Williams Wilson Wong Wright Wu Yamamoto Yang "
    "Yilmaz Young Zhang Zhao"
).split()
CREDENTIALS = {
    "MD": 50, "DO": 12, "MD, PhD": 10, "PhD": 9, "MD, MPH": 7, "MD, MS": 3, "PsyD": 3, "DO, MPH": 2,
    "MD, MBA": 2, "MBBS": 2,
}
INSTITUTIONS = (
    "Yale School of Medicine", "Massachusetts General Hospital / Harvard Medical School",
    "McLean Hospital / Harvard Medical School", "Beth Israel Deaconess Medical Center / Harvard Medical School",
    "Brigham and Women's Hospital / Harvard Medical School", "University of Pittsburgh Medical Center",
    "Zucker Hillside Hospital", "Columbia University Irving Medical Center",
    "New York State Psychiatric Institute / Columbia University", "NYU Grossman School of Medicine",
    "Icahn School of Medicine at Mount Sinai", "Weill Cornell Medicine", "Johns Hopkins University School of Medicine",
    "Perelman School of Medicine at the University of Pennsylvania", "Sheppard Pratt",
    "University of Maryland School of Medicine", "Duke University School of Medicine",
    "University of North Carolina at Chapel Hill", "Emory University School of Medicine",
    "Vanderbilt University Medical Center", "University of Michigan Medical School",
    "Northwestern University Feinberg School of Medicine", "University of Chicago Medicine",
    "Washington University School of Medicine in St. Louis", "Mayo Clinic", "University of Minnesota Medical School",
    "Cleveland Clinic", "Case Western Reserve University", "University of Cincinnati College of Medicine",
    "Ohio State University Wexner Medical Center", "Indiana University School of Medicine",
    "University of Wisconsin School of Medicine and Public Health", "University of Iowa Carver College of Medicine",
    "UT Southwestern Medical Center", "Baylor College of Medicine", "UTHealth Houston",
    "Dell Medical School at The University of Texas at Austin", "University of Colorado School of Medicine",
    "University of Utah School of Medicine", "University of Arizona College of Medicine – Tucson",
    "David Geffen School of Medicine at UCLA", "UCSF Weill Institute for Neurosciences",
    "Stanford University School of Medicine", "UC San Diego School of Medicine", "UC Davis Health",
    "Keck School of Medicine of USC", "University of Washington School of Medicine",
    "Oregon Health & Science University", "Kaiser Permanente Northern California", "VA Boston Healthcare System",
    "VA Greater Los Angeles Healthcare System", "Durham VA Health Care System",
    "Boston Medical Center / Boston University", "Tufts Medical Center", "Butler Hospital / Brown University",
    "UMass Chan Medical School", "Dartmouth Health", "University of Vermont Medical Center",
    "University of Rochester Medical Center", "SUNY Downstate Health Sciences University",
    "Montefiore Medical Center / Albert Einstein College of Medicine", "Maimonides Medical Center",
    "Institute of Living / Hartford Hospital", "Rutgers Robert Wood Johnson Medical School",
    "Thomas Jefferson University", "Penn State Health Milton S. Hershey Medical Center",
    "George Washington University", "Georgetown University Medical Center", "Virginia Commonwealth University",
    "University of Virginia Health", "Medical University of South Carolina", "University of Florida College of Medicine",
    "University of Miami Miller School of Medicine", "Tulane University School of Medicine", "LSU Health New Orleans",
    "University of Alabama at Birmingham", "University of Kentucky College of Medicine",
    "University of Kansas Medical Center", "University of Nebraska Medical Center",
    "University of New Mexico School of Medicine", "Cedars-Sinai Medical Center", "Harbor-UCLA Medical Center",
    "Kings County Hospital Center", "Bellevue Hospital / NYU Langone Health", "National Institute of Mental Health",
)
HALLS = (
    "Hall E, Level 1, Convention Center", "Ballroom A, Level 3, Convention Center",
    "Ballroom B, Level 3, Convention Center", "Ballroom C, Level 3, Convention Center",
    "Grand Ballroom, Level 2, Marriott Marquis", "Regency Ballroom, Level 2, Hyatt Regency",
    "Imperial Ballroom, Level 3, Sheraton Hotel",
)
#: The venue's rooms of each kind before it needs more; about a hundred in all, like the real meeting.
BASE_ROOMS = {"hall": len(HALLS), "poster": 2, "meeting": 96}
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or the to via vs. with".split())
# fmt: on
