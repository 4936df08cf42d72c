"""Score formulas on their edge cases."""

import pytest

from portal.feedback import scores


@pytest.mark.parametrize("scorer", [scores.csat, scores.ces, scores.nps])
def test_no_answers_score_none_not_zero(scorer):
    assert scorer([]) is None


def test_csat_is_the_share_of_fours_and_fives():
    assert scores.csat([5, 4, 3, 2]) == 50.0
    assert scores.csat([5, 5, 5]) == 100.0
    assert scores.csat([1, 2, 3]) == 0.0


def test_csat_rounds_half_up_to_one_decimal():
    assert scores.csat([5, 1, 1]) == 33.3
    assert scores.csat([5, 5, 1]) == 66.7
    # 1 of 8 is 12.5 exactly; 1 of 16 is 6.25 and rounds up, not to even.
    assert scores.csat([5] + [1] * 7) == 12.5
    assert scores.csat([5] + [1] * 15) == 6.3


def test_nps_all_promoters_is_100_and_all_detractors_minus_100():
    assert scores.nps([9, 10, 10]) == 100
    assert scores.nps([0, 3, 6]) == -100


def test_nps_passives_count_in_the_total_only():
    assert scores.nps([7, 8, 7, 8]) == 0
    assert scores.nps([10, 7, 8, 0]) == 0
    assert scores.nps([10, 10, 7, 0]) == 25


def test_nps_rounds_half_away_from_zero():
    assert scores.nps([10, 7, 7]) == 33
    assert scores.nps([10, 10, 7]) == 67
    assert scores.nps([10] + [7] * 7) == 13  # 12.5
    assert scores.nps([0] + [7] * 7) == -13  # -12.5


def test_ces_is_the_mean_to_two_decimals():
    assert scores.ces([7, 7, 7]) == 7.0
    assert scores.ces([1, 2]) == 1.5
    assert scores.ces([1, 1, 2]) == 1.33
    assert scores.ces([2, 2, 1]) == 1.67
