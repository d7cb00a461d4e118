"""Relation rules on real page shapes: lists, parentheses, asides, list headers, pointing words."""

from __future__ import annotations

import pytest
from extract_support import facts_of, statuses, triples


def test_coordinated_brands_give_one_fact_per_member(tmp_path):
    text = "Zorbex (foximab), Tralvo (gemtuzumab) and Quarix (belimumab) are PD-1 inhibitors.\n"
    found = triples(facts_of(text, tmp_path))
    for drug, brand in (("foximab", "Zorbex"), ("gemtuzumab", "Tralvo"), ("belimumab", "Quarix")):
        assert (drug, "brand_name", brand) in found
        assert (drug, "in_class", "pd-1 inhibitor") in found
        assert (drug, "targets", "pd-1") in found
    assert ("foximab", "brand_name", "Tralvo") not in found


def test_brands_listed_in_one_parenthesis(tmp_path):
    found = triples(facts_of("Imiquimod (Aldara®, Zyclara®) is a cream.", tmp_path))
    assert {("imiquimod", "brand_name", "Aldara"), ("imiquimod", "brand_name", "Zyclara")} <= found


def test_relative_clause_between_subject_and_verb(tmp_path):
    text = "Interleukin 2 (IL-2), which activates T cells, is approved to treat melanoma and kidney cancer."
    found = triples(facts_of(text, tmp_path))
    assert ("interleukin-2", "treats", "melanoma") in found
    assert ("interleukin-2", "treats", "kidney cancer") in found


def test_subject_inside_an_aside_states_nothing(tmp_path):
    text = "Aldesleukin, a man-made version of interleukin-2, is used to treat melanoma."
    found = triples(facts_of(text, tmp_path))
    assert ("aldesleukin", "treats", "melanoma") in found
    assert not any(s == "interleukin-2" for s, _, _ in found)


def test_list_header_gives_one_fact_per_item_with_the_header_subject(tmp_path):
    text = "Cytokines can also cause many serious side effects\n\n- trouble breathing\n- blood clots\n- organ damage\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("cytokine", "has_side_effect", "trouble breathing"),
        ("cytokine", "has_side_effect", "blood clots"),
        ("cytokine", "has_side_effect", "organ damage"),
    } <= found


def test_list_header_with_include_and_colon(tmp_path):
    text = "Common types of cancer treated by monoclonal antibodies include:\n\n- Bladder cancer.\n- Multiple myeloma.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("monoclonal antibody", "treats", "bladder cancer") in found
    assert ("monoclonal antibody", "treats", "multiple myeloma") in found


def test_members_of_a_class_under_a_pronoun_header(tmp_path):
    text = "Immunomodulatory drugs stimulate the immune system. They include\n\n- thalidomide (Thalomid®)\n- imiquimod\n"
    found = triples(facts_of(text, tmp_path))
    assert ("thalidomide", "in_class", "immunomodulatory drug") in found
    assert ("imiquimod", "in_class", "immunomodulatory drug") in found
    assert ("thalidomide", "brand_name", "Thalomid") in found


def test_class_level_statement_stays_on_the_class(tmp_path):
    text = "Pembrolizumab and nivolumab are checkpoint inhibitors. Checkpoint inhibitors can cause colitis."
    found = triples(facts_of(text, tmp_path))
    assert ("checkpoint inhibitor", "has_side_effect", "inflammation of the intestines") in found
    assert not any(r == "has_side_effect" and s != "checkpoint inhibitor" for s, r, _ in found)


def test_pointing_words_take_the_topic_of_the_sentence_before(tmp_path):
    text = "Thalidomide and lenalidomide slow tumour growth. These drugs can cause blood clots."
    found = triples(facts_of(text, tmp_path))
    assert ("thalidomide", "has_side_effect", "blood clots") in found
    assert ("lenalidomide", "has_side_effect", "blood clots") in found


def test_this_type_of_therapy_points_to_the_section_heading(tmp_path):
    text = "# Oncolytic viruses\n\nImlygic (talimogene laherparepvec) is an example of this type of therapy.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("talimogene laherparepvec", "in_class", "oncolytic virus") in found


def test_co_occurrence_alone_gives_no_fact(tmp_path):
    text = "Pembrolizumab, melanoma and fever were discussed at the meeting with chemotherapy."
    assert triples(facts_of(text, tmp_path)) == set()


def test_list_of_cancers_after_including(tmp_path):
    text = "CAR T-cell therapy treats certain blood cancers, including some types of leukemia and lymphoma."
    found = triples(facts_of(text, tmp_path))
    assert {
        ("car t-cell therapy", "treats", c) for c in ("blood cancer", "leukemia", "lymphoma")
    } <= found


def test_target_after_a_copular_class_noun(tmp_path):
    text = "Daratumumab and isatuximab are monoclonal antibodies that attach to CD38."
    found = triples(facts_of(text, tmp_path))
    assert ("daratumumab", "targets", "cd38") in found
    assert ("isatuximab", "targets", "cd38") in found
    assert ("monoclonal antibody", "targets", "cd38") not in found


def test_list_item_the_lexicon_lacks_becomes_a_side_effect(tmp_path):
    text = "Side effects of foximab can include:\n\n- hormone problems\n- changes in taste\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "hormone problems") in found
    assert not any(o.startswith("changes") for _, _, o in found)  # a longer phrase: left alone


def test_section_heading_names_the_drug_of_its_side_effects(tmp_path):
    text = "# Atezolizumab (Tecentriq)\n\nThe most common side effects are tiredness and nausea.\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("atezolizumab", "has_side_effect", "fatigue"),
        ("atezolizumab", "has_side_effect", "nausea"),
    } <= found


def test_belongs_to_a_group_called_names_the_class(tmp_path):
    found = triples(
        facts_of("Foximab belongs to a group of drugs called PD-1 inhibitors.", tmp_path)
    )
    assert ("foximab", "in_class", "pd-1 inhibitor") in found


def test_class_noun_with_an_age_or_duration_word_still_names_the_class(tmp_path):
    text = "Foximab is one of the oldest ADCs. Peginterferon alfa-2b is a long-acting form of interferon."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "antibody-drug conjugate") in found
    assert ("peginterferon alfa-2b", "in_class", "interferon") in found


def test_class_directed_against_a_target_gives_the_drug_the_target(tmp_path):
    text = "Zolocabtagene autoleucel is a CAR T-cell therapy directed against BCMA."
    found = triples(facts_of(text, tmp_path))
    assert ("zolocabtagene autoleucel", "targets", "bcma") in found
    assert ("car t-cell therapy", "targets", "bcma") not in found


def test_class_after_is_a_states_nothing_of_the_class_when_the_subject_is_unknown(tmp_path):
    found = triples(facts_of("It is a CAR T-cell therapy that recognises CD19.", tmp_path))
    assert ("car t-cell therapy", "targets", "cd19") not in found


def test_marketed_as_names_the_brand_and_a_target_antibody_the_target(tmp_path):
    found = triples(facts_of("Foximab, marketed as Zorbex, is a HER2 antibody.", tmp_path))
    assert ("foximab", "brand_name", "Zorbex") in found
    assert ("foximab", "targets", "her2") in found


def test_sticks_to_a_protein_called_names_the_target(tmp_path):
    text = "Foximab is a new drug. It sticks to a protein called claudin 18.2."
    assert ("foximab", "targets", "claudin 18.2") in triples(facts_of(text, tmp_path))


def test_have_a_drug_for_a_cancer_is_an_approved_use(tmp_path):
    text = "You might have foximab with chemotherapy for oesophageal cancer."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "esophageal cancer") in found
    assert ("chemotherapy", "treats", "esophageal cancer") not in found


def test_side_effect_named_as_the_most_common_problem_after_a_therapy(tmp_path):
    text = "Cytokine release syndrome is the most common problem after CAR T-cell therapy."
    found = triples(facts_of(text, tmp_path))
    assert ("car t-cell therapy", "has_side_effect", "cytokine release syndrome") in found


def test_its_side_effects_belong_to_the_drug_of_the_sentence_before(tmp_path):
    text = "Foximab is given every three weeks. Its most common side effects are fever, diarrhoea and tiredness."
    found = triples(facts_of(text, tmp_path))
    for effect in ("fever", "diarrhea", "fatigue"):
        assert ("foximab", "has_side_effect", effect) in found


def test_warning_list_under_a_drug_heading_gives_the_drug_its_side_effects(tmp_path):
    text = "# Foximab\n\nTell your nurse if you notice:\n\n- diarrhoea\n- sore or gritty eyes\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "diarrhea") in found
    assert ("foximab", "has_side_effect", "sore eyes") in found


def test_coordinated_verb_phrase_after_also_targets(tmp_path):
    text = "Foximab (Zorbex) also targets GD2 and is used for neuroblastoma."
    assert ("foximab", "treats", "neuroblastoma") in triples(facts_of(text, tmp_path))


def test_severity_words_between_side_effects_and_include(tmp_path):
    text = "The side effects of foximab can be severe and include:\n\n- confusion\n- seizures\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "confusion"),
        ("foximab", "has_side_effect", "seizure"),
    } <= found


def test_dosage_form_between_drug_and_brand(tmp_path):
    found = triples(facts_of("Imiquimod cream (Aldara) is an immune response modifier.", tmp_path))
    assert ("imiquimod", "brand_name", "Aldara") in found
    assert ("imiquimod", "in_class", "immune response modifier") in found


def test_the_engine_authors_unseen_texts_score_against_their_gold():
    """Texts written in the project's own words for each construction (tests/data/extract)."""
    from extract_support import EXTRACT_DATA

    from immunokg.extract.evaluate.scoring import evaluate

    texts = [p for p in sorted(EXTRACT_DATA.iterdir()) if p.suffix in (".txt", ".md", ".html")]
    texts = [p for p in texts if p.name != "README.md"]
    result = evaluate(EXTRACT_DATA / "unseen.gold.tsv", paths=texts)
    assert not result.warnings, result.warnings
    overall = result.scores.overall
    assert (overall.precision or 0.0) >= 0.95 and (overall.recall or 0.0) >= 0.95, overall


def test_a_type_of_drug_called_a_class_names_the_class_called(tmp_path):
    text = "Foximab is a type of targeted drug called a bispecific antibody."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "bispecific antibody") in found
    assert ("foximab", "in_class", "targeted therapy") not in found


def test_part_of_a_clinical_trial_is_stepped_over_and_hedges(tmp_path):
    text = "Foximab is new. In some hospitals it is given as part of a clinical trial for melanoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "melanoma"): "investigational"}


def test_a_heading_about_one_drug_opens_its_section(tmp_path):
    text = "# About your treatment: foximab\n\nCommon side effects include:\n\n- headache\n"
    assert ("foximab", "has_side_effect", "headache") in triples(facts_of(text, tmp_path))


def test_side_effects_sentence_without_a_section_belongs_to_the_drug_just_named(tmp_path):
    text = (
        "Doctors use foximab to treat melanoma. Other common side effects are headache and a rash."
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "headache"),
        ("foximab", "has_side_effect", "rash"),
    } <= found


def test_warning_list_about_a_class_gives_no_side_effects(tmp_path):
    text = "# Side effects of checkpoint inhibitors\n\nCall your doctor if you have:\n\n- a cough\n"
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" and o == "cough" for _, r, o in found)


def test_some_people_get_list_under_a_drug_heading(tmp_path):
    text = "# Foximab\n\nSome people get:\n\n- feeling tired\n- joint pain\n"
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "fatigue"),
        ("foximab", "has_side_effect", "joint aches"),
    } <= found


def test_people_get_a_side_effect_in_running_text_under_a_drug_heading(tmp_path):
    text = (
        "# Foximab\n\nPatients may also develop neurotoxicity. "
        "Some people get problems with their thyroid gland.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "has_side_effect", "neurotoxicity"),
        ("foximab", "has_side_effect", "thyroid problems"),
    } <= found


def test_people_mid_sentence_or_with_a_cancer_give_no_side_effect(tmp_path):
    text = (
        "# Foximab\n\nDoctors say some people get a rash. People with melanoma develop fatigue.\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert not any(r == "has_side_effect" for _, r, _ in found)


def test_recommends_a_drug_as_treatment_for_a_cancer(tmp_path):
    text = "NICE recommends foximab as maintenance treatment for urothelial carcinoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "bladder cancer"): "approved"}


def test_a_cancer_named_again_after_this_is_not_a_new_fact(tmp_path):
    text = "Foximab is used for B-cell acute lymphoblastic leukaemia. The FDA approved foximab to treat this leukaemia in 2014."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "leukemia") not in found


def test_pronoun_after_which_means_points_to_the_topic(tmp_path):
    text = (
        "Foximab is used for melanoma. It is a checkpoint inhibitor, which means it blocks PD-L1."
    )
    assert ("foximab", "targets", "pd-l1") in triples(facts_of(text, tmp_path))


def test_examples_set_off_by_commas_are_members_but_not_the_subject(tmp_path):
    text = "LAG-3 inhibitors, such as relatlimab, are a newer class of checkpoint inhibitor."
    found = triples(facts_of(text, tmp_path))
    assert ("relatlimab", "in_class", "lag-3 inhibitor") in found
    assert ("lag-3 inhibitor", "subclass_of", "checkpoint inhibitor") in found
    assert ("relatlimab", "in_class", "checkpoint inhibitor") not in found


def test_its_side_effects_inside_a_sentence_belong_to_its_subject(tmp_path):
    text = (
        "Foximab is rarely used because of its side effects, which include capillary leak syndrome."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "capillary leak syndrome") in found


def test_used_alone_or_with_a_partner_is_said_of_the_drug(tmp_path):
    text = "Foximab is new. It is used alone or with nivolumab to treat melanoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "melanoma"): "approved"}


def test_trials_looking_at_a_drug_for_a_cancer_are_investigational(tmp_path):
    text = "Trials are looking at foximab for mesothelioma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "mesothelioma"): "investigational"}


def test_make_you_feel_names_a_side_effect(tmp_path):
    assert ("foximab", "has_side_effect", "nausea") in triples(
        facts_of("Foximab can make you feel sick.", tmp_path)
    )


def test_rare_but_serious_side_effects_under_a_drug_heading(tmp_path):
    text = "# Foximab\n\nRare but serious side effects include inflammation of the liver.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "inflammation of the liver") in found


def test_approved_by_an_agency_in_a_year_to_treat(tmp_path):
    text = "Foximab is new. It was approved by the FDA in 2015 to treat melanoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "melanoma"): "approved"}


def test_target_blocking_antibody_after_is_a(tmp_path):
    found = triples(facts_of("Foximab is a PD-L1-blocking antibody.", tmp_path))
    assert ("foximab", "targets", "pd-l1") in found


def test_side_effect_common_in_the_days_after_each_injection(tmp_path):
    text = "Flu-like symptoms are common in the days after each injection of foximab."
    assert ("foximab", "has_side_effect", "flu-like symptoms") in triples(facts_of(text, tmp_path))


def test_side_effects_opening_a_second_clause_belong_to_the_topic(tmp_path):
    text = (
        "Foximab is a targeted drug. Side effects may include a rash, and serious side "
        "effects are rare but may include breathing problems."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "trouble breathing") in found


def test_used_to_help_treat(tmp_path):
    text = "Foximab is a targeted drug. It can be used to help treat head and neck cancer."
    assert ("foximab", "treats", "head and neck cancer") in triples(facts_of(text, tmp_path))


def test_apposition_with_a_paired_target_name_gives_the_class_only(tmp_path):
    text = "Regulators cleared foximab, a CD20xCD3 bispecific antibody, for follicular lymphoma."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "in_class", "bispecific antibody") in found
    assert not any(r == "targets" and "x" in o for _, r, o in found)


def test_most_frequent_side_effect_after_an_opening_phrase(tmp_path):
    text = "Foximab was approved. In the main study, the most frequent side effect was fatigue."
    assert ("foximab", "has_side_effect", "fatigue") in triples(facts_of(text, tmp_path))


def test_a_short_opening_phrase_does_not_hide_the_sentence_topic(tmp_path):
    text = "In a small trial, foximab helped every patient, but it is not approved for melanoma yet. It can cause a rash."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "rash") in found


def test_its_brand_name_is(tmp_path):
    text = "Ciltacabtagene autoleucel is a CAR T-cell therapy. Its brand name is Carvykti."
    assert ("ciltacabtagene autoleucel", "brand_name", "Carvykti") in triples(
        facts_of(text, tmp_path)
    )


def test_a_class_for_people_with_a_cancer_is_an_approved_use(tmp_path):
    text = "Foximab is a CAR T-cell therapy for adults with multiple myeloma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "multiple myeloma"): "approved"}


def test_abbreviation_of_another_side_effect_in_parentheses_is_named_too(tmp_path):
    text = "Foximab can cause cytokine release syndrome and nerve problems (ICANS)."
    found = triples(facts_of(text, tmp_path))
    assert (
        "foximab",
        "has_side_effect",
        "immune effector cell-associated neurotoxicity syndrome",
    ) in found


def test_side_effect_more_likely_after_a_drug(tmp_path):
    text = "Infections are more likely after foximab."
    assert ("foximab", "has_side_effect", "infection") in triples(facts_of(text, tmp_path))


def test_a_type_of_class_known_as_a_class(tmp_path):
    text = "Foximab is a type of immunotherapy known as a checkpoint inhibitor."
    assert ("foximab", "in_class", "checkpoint inhibitor") in triples(facts_of(text, tmp_path))


def test_a_cancer_called_a_more_specific_cancer_is_the_specific_one(tmp_path):
    text = "Doctors use foximab to treat a type of skin cancer called cutaneous squamous cell carcinoma."
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "treats", "cutaneous squamous cell carcinoma") in found
    assert ("foximab", "treats", "skin cancer") not in found


def test_all_three_points_at_the_three_drugs_just_named(tmp_path):
    text = (
        "Foximab works in a similar way to pembrolizumab and nivolumab. "
        "All three are PD-1 inhibitors."
    )
    found = triples(facts_of(text, tmp_path))
    for drug in ("foximab", "pembrolizumab", "nivolumab"):
        assert (drug, "in_class", "pd-1 inhibitor") in found


def test_all_two_does_not_point_at_three_drugs(tmp_path):
    text = "Foximab works like pembrolizumab and nivolumab. All two are PD-1 inhibitors."
    assert not any(t[1] == "in_class" for t in triples(facts_of(text, tmp_path)))


def test_it_after_because_and_after_a_short_opener(tmp_path):
    text = (
        "Atezolizumab is different because it targets PD-L1. "
        "Foximab is new. In the UK, it is licensed as a first treatment for lung cancer."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("atezolizumab", "targets", "pd-l1") in found
    assert ("foximab", "treats", "lung cancer") in found


def test_researchers_looking_at_whether_hedges(tmp_path):
    text = "Researchers are looking at whether foximab could help people with cervical cancer."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "cervical cancer"): "investigational"}


def test_belongs_to_a_newer_group_of_drugs_called(tmp_path):
    text = "Foximab, sold under the brand name Zorbex, belongs to a newer group of drugs called bispecific T-cell engagers."
    assert ("foximab", "in_class", "bispecific t-cell engager") in triples(facts_of(text, tmp_path))


def test_it_s_given_for(tmp_path):
    text = "Foximab targets CD19. It's given for large B-cell lymphoma."
    assert ("foximab", "treats", "large b-cell lymphoma") in triples(facts_of(text, tmp_path))


def test_granted_approval_to_a_drug_for_a_cancer(tmp_path):
    text = (
        "The FDA granted accelerated approval to foximab for adults with relapsed multiple myeloma."
    )
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "multiple myeloma"): "approved"}


def test_both_aimed_at_a_target(tmp_path):
    text = "Foximab and idecabtagene vicleucel are both aimed at BCMA."
    found = triples(facts_of(text, tmp_path))
    assert {("foximab", "targets", "bcma"), ("idecabtagene vicleucel", "targets", "bcma")} <= found


def test_a_side_effect_may_last_for_months_after(tmp_path):
    text = "Low blood counts may last for months after CAR T-cell therapy."
    found = triples(facts_of(text, tmp_path))
    assert ("car t-cell therapy", "has_side_effect", "lowered blood counts") in found


def test_a_leaflet_lists_what_it_treats_and_its_side_effects_by_frequency(tmp_path):
    text = (
        "# Foximab\n\nFoximab is used in adults to treat:\n\n- a type of lung cancer called "
        "non-small cell lung cancer\n- biliary tract cancer\n\n"
        "Very common (may affect more than 1 in 10 people):\n\n- cough\n\n"
        "Common (may affect up to 1 in 10 people):\n\n- pain in the muscles\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert {
        ("foximab", "treats", "non-small cell lung cancer"),
        ("foximab", "treats", "biliary tract cancer"),
        ("foximab", "has_side_effect", "cough"),
        ("foximab", "has_side_effect", "muscle aches"),
    } <= found
    assert ("foximab", "treats", "lung cancer") not in found


def test_common_is_no_header_inside_a_sentence(tmp_path):
    text = "# Foximab\n\nCough is common in people with lung cancer:\n\n- fever\n"
    assert not any(t[1] == "has_side_effect" for t in triples(facts_of(text, tmp_path)))


def test_a_brand_contains_the_active_substance(tmp_path):
    text = "Imfinzi contains the active substance durvalumab, a type of protein called a monoclonal antibody."
    found = triples(facts_of(text, tmp_path))
    assert ("durvalumab", "brand_name", "Imfinzi") in found
    assert ("durvalumab", "in_class", "monoclonal antibody") in found


def test_either_drug_used_along_with_a_partner_such_as_another(tmp_path):
    text = (
        "Nivolumab and foximab target PD-1. Either drug can be used along with a targeted drug "
        "such as axitinib as the first treatment for advanced kidney cancer."
    )
    found = statuses(facts_of(text, tmp_path))
    assert found[("nivolumab", "kidney cancer")] == "approved"
    assert found[("foximab", "kidney cancer")] == "approved"
    assert ("axitinib", "kidney cancer") not in found


def test_combined_with_a_partner_for_a_cancer(tmp_path):
    text = "Foximab blocks CTLA-4. It's often combined with nivolumab for kidney cancer that has spread."
    assert ("foximab", "treats", "kidney cancer") in triples(facts_of(text, tmp_path))


def test_more_likely_than_says_it_of_the_first_drug_only(tmp_path):
    text = (
        "Foximab is more likely than the PD-1 drugs to cause serious side effects such as colitis."
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "inflammation of the intestines") in found
    assert not any(s == "pd-1 inhibitor" for s, _, _ in found)


def test_known_by_the_brand_name_and_they_include_list(tmp_path):
    text = (
        "# Foximab\n\nFoximab treats melanoma. It's also known by the brand name Zorbex.\n\n"
        "Like all medicines, foximab can cause side effects. They include:\n\n"
        "- a high temperature\n- back pain\n"
    )
    found = triples(facts_of(text, tmp_path))
    assert ("foximab", "has_side_effect", "fever") in found
    assert ("foximab", "has_side_effect", "back pain") in found


def test_a_standard_treatment_after_surgery_for(tmp_path):
    text = "Foximab, sold as Zorbex, is already a standard treatment after surgery for melanoma."
    assert statuses(facts_of(text, tmp_path)) == {("foximab", "melanoma"): "approved"}


@pytest.mark.parametrize(
    ("sentence", "effect"),
    [
        ("Foximab can lower your blood counts.", "lowered blood counts"),
        ("Foximab may reduce blood cell counts.", "lowered blood counts"),
        ("Foximab often changes your sense of taste.", "taste changes"),
        ("Nivolumab and pembrolizumab quite often affect the thyroid.", "thyroid problems"),
        ("Foximab may make your thyroid gland overactive.", "hyperthyroidism"),
        ("Foximab can make the thyroid underactive.", "hypothyroidism"),
    ],
)
def test_a_side_effect_worded_with_a_verb_is_read(sentence, effect, tmp_path):
    found = triples(facts_of(sentence, tmp_path))
    subjects = {s for s, relation, o in found if relation == "has_side_effect" and o == effect}
    assert subjects, found


@pytest.mark.parametrize(
    "sentence",
    [
        "Some infections can lower your blood counts while you take foximab.",
        "Foximab is given after tests that check your blood counts and taste.",
        "Doctors measure how the thyroid is working before foximab.",
        "Foximab works better when you make your diet healthier.",
    ],
)
def test_verb_worded_effects_need_the_drug_as_subject(sentence, tmp_path):
    found = triples(facts_of(sentence, tmp_path))
    assert not [t for t in found if t[1] == "has_side_effect"], found


def test_respectively_pairs_coordinated_drugs_and_targets_in_order(tmp_path):
    text = "Nivolumab and ipilimumab, which target PD-1 and CTLA-4 respectively, are both checkpoint inhibitors."
    found = triples(facts_of(text, tmp_path))
    assert {("nivolumab", "targets", "pd-1"), ("ipilimumab", "targets", "ctla-4")} <= found
    assert ("nivolumab", "targets", "ctla-4") not in found
    assert ("ipilimumab", "targets", "pd-1") not in found


def test_partner_drugs_after_used_with_are_not_subjects(tmp_path):
    text = "# Elotuzumab\n\nElotuzumab is an antibody. It is used with pomalidomide and dexamethasone to treat myeloma.\n"
    found = triples(facts_of(text, tmp_path))
    assert ("elotuzumab", "treats", "multiple myeloma") in found
    assert not {s for s, r, _ in found if r == "treats"} & {"pomalidomide", "dexamethasone"}


def test_the_first_class_approved_for_a_cancer_is_said_of_the_drug_not_the_class(tmp_path):
    text = "Ipilimumab was the first checkpoint inhibitor approved for melanoma, in 2011."
    found = triples(facts_of(text, tmp_path))
    assert ("ipilimumab", "treats", "melanoma") in found
    assert ("checkpoint inhibitor", "treats", "melanoma") not in found


def test_a_frequency_word_is_not_a_side_effect(tmp_path):
    text = "# Tebentafusp\n\nTebentafusp can cause CRS. Rarely, CRS is severe. Sometimes: rash.\n"
    objects = {o for _, r, o in triples(facts_of(text, tmp_path)) if r == "has_side_effect"}
    assert not objects & {"rarely", "sometimes", "commonly"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Another CD38 bispecific, foximab, is in trials.", {("foximab", "targets", "cd38")}),
        (
            "A fourth BCMA bispecific, foximab, was approved last year.",
            {("foximab", "in_class", "bispecific antibody"), ("foximab", "targets", "bcma")},
        ),
        (
            "Foximab is a bispecific protein.",
            {("foximab", "in_class", "bispecific fusion protein")},
        ),
        (
            "Foximab is an IL-15 superagonist.",
            {("foximab", "in_class", "interleukin-15 superagonist")},
        ),
    ],
)
def test_class_names_said_with_a_target_or_a_new_head(text, expected, tmp_path):
    assert expected <= triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    ("text", "effect"),
    [
        ("Foximab can lower the number of white blood cells.", "low white blood cell count"),
        ("Foximab may lower your antibody levels.", "hypogammaglobulinemia"),
        ("Foximab can affect how well your heart works.", "heart problems"),
        ("Foximab often changes the way food tastes.", "taste changes"),
        ("Foximab quite commonly makes people feel sick.", "nausea"),
    ],
)
def test_effects_worded_as_verbs(text, effect, tmp_path):
    assert ("foximab", "has_side_effect", effect) in triples(facts_of(text, tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Interleukin-2 (aldesleukin, Proleukin) is a cytokine.", ("aldesleukin", "Proleukin")),
        ("Foximab (FXB-12, sold as Zorbex) was approved last year.", ("foximab", "Zorbex")),
        ("Barlimab (also called BRL-7; trade name Quorvia) is new.", ("barlimab", "Quorvia")),
    ],
)
def test_a_brand_in_brackets_with_other_names(text, expected, tmp_path):
    brands = {(s, o) for s, r, o in triples(facts_of(text, tmp_path)) if r == "brand_name"}
    assert brands == {expected}


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        (
            "Relatlimab received accelerated approval in 2022 for melanoma.",
            ("relatlimab", "treats", "melanoma"),
        ),
        (
            "Cemiplimab was granted full approval for cervical cancer.",
            ("cemiplimab", "treats", "cervical cancer"),
        ),
        (
            "Nivolumab was the first checkpoint inhibitor approved in Japan, in 2014, for melanoma.",
            ("nivolumab", "treats", "melanoma"),
        ),
        (
            "Durvalumab with chemotherapy is used first line for small cell lung cancer.",
            ("durvalumab", "treats", "small cell lung cancer"),
        ),
        (
            "Atezolizumab is given first-line for liver cancer.",
            ("atezolizumab", "treats", "liver cancer"),
        ),
    ],
)
def test_approval_received_and_circumstances_set_off_by_commas(text, fact, tmp_path):
    found = triples(facts_of(text + "\n", tmp_path, "doc.txt"))
    assert fact in found, found
