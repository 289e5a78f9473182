from app.models import SdgGoal


def test_goal_names_follow_the_language():
    goal = SdgGoal(number=13, name_sv="Bekämpa klimatförändringarna", name_en="Climate action",
                   colour="#3F7E44")
    assert goal.name("sv") == "Bekämpa klimatförändringarna"
    assert goal.name("en") == "Climate action"
    assert goal.name("en_GB") == "Climate action"
